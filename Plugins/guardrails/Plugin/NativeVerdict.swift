import Foundation
import GuardrailsCore
import AIPLocking

/// The plugin instance the native function `guardrails.verdict` answers for: a C function
/// pointer carries no context, so the live instance registers itself here from `init` to
/// `shutdown`.
/// A pthread lock (`AIPLocking`): every native call reads it, and `Synchronization.Mutex` spun under
/// the gateway's 32 connections.
let activePlugin = Locked<GuardrailsPlugin?>(nil)

/// Native capability `guardrails.verdict`, signature `i32(str,str,str)`: text, stage ("input",
/// "output", or empty for input), policy (empty for the default). Returns the verdict's action
/// (0 allow, 1 log, 2 warn, 3 redact, 4 block), or a negative code: -1 invalid argument (bad
/// stage, invalid UTF-8, text too large), -2 unknown policy, -3 plugin not running.
let nativeVerdict: @convention(c) (UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Int32 = { text, stage, policy in
    guard let text else { return -1 }
    guard let plugin = activePlugin.withLock({ $0 }) else { return -3 }
    let stageName = stage.map { String(cString: $0) } ?? ""
    guard let parsedStage = stageName.isEmpty ? Stage.input : Stage(rawValue: stageName) else { return -1 }
    let policyName = policy.map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
    let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: strlen(text))
    do throws(GuardrailsError) {
        let verdict = try plugin.engine.check(utf8: bytes, stage: parsedStage, policy: policyName)
        plugin.announce(verdict, caller: "native")
        return verdict.action.code
    } catch {
        if case .unknownPolicy = error { return -2 }
        return -1
    }
}
