import AIPluginKit
import Foundation
import GuardrailsCore
import AIPLocking

/// The guardrails plugin: the ABI adapter around `GuardrailsEngine`. Capabilities:
/// `guardrails.check`, `guardrails.policies`, `guardrails.restore`, `guardrails.reload` and the
/// native `guardrails.verdict`. Publishes `guardrails.blocked|redacted|warned` without any of the
/// checked text. See Plugins/guardrails/README.md.
public final class GuardrailsPlugin: AIPPlugin {
    public static let manifest = PluginManifest(
        name: "guardrails",
        version: "1.0.0",
        description: "Input and output guardrails: sensitive words, PII and secrets, toxicity, JSON format, length, topics, jailbreaks, code safety",
        threadSafe: true,
        provides: [
            .message("guardrails.check", version: "1.0.0"),
            .message("guardrails.policies", version: "1.0.0"),
            .message("guardrails.restore", version: "1.0.0"),
            .message("guardrails.reload", version: "1.0.0"),
            .native("guardrails.verdict", version: "1.0.0",
                    NativeFunction(signature: "i32(str,str,str)", pointer: unsafeBitCast(nativeVerdict, to: UnsafeRawPointer.self))),
            .native("guardrails.screen", version: "1.0.0",
                    NativeFunction(signature: "i32(str,str,str,str,str)", pointer: unsafeBitCast(nativeScreen, to: UnsafeRawPointer.self))),
        ],
        requires: [RequiredCapability("toxicity.score", "^1.0.0", optional: true)],
        publishes: ["guardrails.#"],
        configSchema: guardrailsConfigSchema)

    private let context: PluginContext
    /// Replaced as a whole by reload; checks in flight keep the engine they started with.
    private let current: Locked<GuardrailsEngine>
    /// What the current engine was built from; a reload with nothing changed keeps the engine.
    private let source: Locked<SourceFingerprint>
    /// Shared by every engine generation, so vault keys survive a reload.
    private let vault = Vault()

    var engine: GuardrailsEngine { current.withLock { $0 } }

    public init(context: PluginContext) throws {
        self.context = context
        let fingerprint = SourceFingerprint(configText: context.configJSON, dataDirectory: context.dataDirectory)
        let settings = try Self.settings(context)
        for warning in settings.warnings { context.log(.warning, "guardrails: \(warning)") }
        current = Locked(GuardrailsEngine(settings: settings, vault: vault))
        source = Locked(fingerprint)
        activePlugin.withLock { $0 = self }
        context.log(.info, "guardrails ready: \(settings.policyNames.count) policies, default '\(settings.defaultPolicy)'")
    }

    public func start() throws {
        // Capabilities may be called from start on, so the external scorer is wired in here.
        if engine.settings.externalToxicityScorer { try rebuild(force: true) }
    }

    public func shutdown() {
        activePlugin.withLock { if $0 === self { $0 = nil } }
    }

    public var handlers: [String: CapabilityHandler] {
        [
            "guardrails.check": .json { [self] (body: CheckBody, call: IncomingCall) -> Verdict in
                let caller = call.caller
                do throws(GuardrailsError) {
                    let verdict = try engine.check(CheckRequest(text: body.text, stage: body.stage ?? .input, policy: body.policy,
                                                                caller: caller, documents: body.documents ?? [], role: body.role))
                    announce(verdict, caller: caller)
                    return verdict
                } catch {
                    throw error.pluginError
                }
            },
            "guardrails.policies": .json { [self] (_: Empty) -> PolicyList in PolicyList(engine.settings) },
            "guardrails.restore": .json { [self] (body: RestoreBody) -> RestoredText in
                do throws(GuardrailsError) {
                    return RestoredText(text: try engine.restore(body.text, vaultKey: body.vaultKey))
                } catch {
                    throw error.pluginError
                }
            },
            "guardrails.reload": .json { [self] (_: Empty) -> ReloadSummary in
                try rebuild()
                let settings = engine.settings
                context.log(.info, "guardrails reloaded: \(settings.policyNames.count) policies, \(engine.termCount) terms")
                return ReloadSummary(policies: settings.policyNames, terms: engine.termCount)
            },
        ]
    }

    /// Publishes the verdict's event (blocked, redacted, warned) and logs `log` verdicts.
    func announce(_ verdict: Verdict, caller: String) {
        let topic: String
        switch verdict.action {
        case .block: topic = "guardrails.blocked"
        case .redact: topic = "guardrails.redacted"
        case .warn: topic = "guardrails.warned"
        case .log:
            let rules = Set(verdict.findings.map(\.finding.rule.rawValue)).sorted().joined(separator: ", ")
            context.log(.info, "guardrails: policy '\(verdict.policy)' \(verdict.stage.rawValue) from \(caller): \(rules)")
            return
        case .allow: return
        }
        do { try context.publish(topic, json: VerdictEvent(verdict, caller: caller)) } catch {
            context.log(.warning, "cannot publish \(topic): \(error)")
        }
    }

    /// Reads config and data directory again and swaps the engine; on failure the old engine
    /// stays and the error (file and line, config path) goes to the caller.
    private func rebuild(force: Bool = false) throws {
        let fingerprint = SourceFingerprint(configText: context.configJSON, dataDirectory: context.dataDirectory)
        if !force, source.withLock({ $0 == fingerprint }) { return }
        let settings = try Self.settings(context)
        for warning in settings.warnings { context.log(.warning, "guardrails: \(warning)") }
        var scorer: (any ToxicityScorer)?
        if settings.externalToxicityScorer {
            do { scorer = ExternalToxicityScorer(context: context, handle: try context.lookup("toxicity.score", versionRange: "^1.0.0")) } catch {
                context.log(.warning, "toxicity.score is not available (\(error)); using the built-in lexicon")
            }
        }
        let engine = GuardrailsEngine(settings: settings, vault: vault, toxicityScorer: scorer)
        current.withLock { $0 = engine }
        source.withLock { $0 = fingerprint }
    }

    private static func settings(_ context: PluginContext) throws -> GuardrailsSettings {
        do {
            return try GuardrailsSettings.load(configText: context.configJSON, dataDirectory: context.dataDirectory)
        } catch {
            throw PluginError(.invalidArgument, "guardrails config: \(error.description)")
        }
    }
}

@_cdecl("aip_plugin_entry")
public func aipPluginEntry() -> UnsafeRawPointer { PluginExport.descriptor(for: GuardrailsPlugin.self) }
