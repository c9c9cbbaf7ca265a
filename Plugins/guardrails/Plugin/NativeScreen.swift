import Foundation
import GuardrailsCore

/// Native capability `guardrails.screen`, signature `i32(str,str,str,str,str)`: text, stage
/// ("input", "output", or empty for input), policy (empty: the caller's, else the default), role
/// (empty: none; else a chat role) and caller (the calling plugin's name, for per-caller
/// policies; empty: none). Returns the verdict's action like `guardrails.verdict` (0 allow …
/// 4 block) or a negative code: -1 invalid argument (bad stage or role, invalid UTF-8, text too
/// large), -2 unknown policy, -3 plugin not running.
///
/// It has no side effects: no event, no log line. That is its contract with the caller: on
/// anything but 0 the caller makes the `guardrails.check` message call with the same arguments,
/// which returns the findings and redacted text and announces the verdict, so every verdict is
/// published exactly once however the caller got it. (A redaction's originals are kept in the
/// vault by both runs; only the message call's key is ever handed out.)
let nativeScreen: @convention(c) (UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?,
                                  UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Int32 = { text, stage, policy, role, caller in
    guard let text, let checked = String(validatingCString: text) else { return -1 }
    guard let plugin = activePlugin.withLock({ $0 }) else { return -3 }
    var parsedStage = Stage.input
    if let name = nonEmpty(stage) {
        guard let named = Stage(rawValue: name) else { return -1 }
        parsedStage = named
    }
    var parsedRole: MessageRole?
    if let name = nonEmpty(role) {
        guard let named = MessageRole(rawValue: name) else { return -1 }
        parsedRole = named
    }
    do throws(GuardrailsError) {
        let request = CheckRequest(text: checked, stage: parsedStage, policy: nonEmpty(policy), caller: nonEmpty(caller), role: parsedRole)
        return try plugin.engine.check(request).action.code
    } catch {
        if case .unknownPolicy = error { return -2 }
        return -1
    }
}

/// A borrowed C string argument, nil when absent or empty.
private func nonEmpty(_ argument: UnsafePointer<CChar>?) -> String? {
    guard let argument, argument.pointee != 0 else { return nil }
    return String(cString: argument)
}
