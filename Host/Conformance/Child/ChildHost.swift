import AIPConfig
import AIPHost
import Foundation

/// A host in the child process holding the plugin under test (and the providers it needs),
/// watched by a `HostCallRecorder`.
struct ChildHost {
    let descriptor: PluginDescriptor
    let recorder: HostCallRecorder
    let host: PluginHost

    /// Loads everything; nothing of the plugin has run yet except its entry function.
    /// `label` prefixes stage names ("cycle 2: ").
    static func load(_ request: ChildRequest, emitter: ChildEmitter, label: String = "") -> Result<ChildHost, SetupFailure> {
        emitter.stage(label + "load")
        let descriptor: PluginDescriptor
        do { descriptor = try PluginImageLoader.open(request.library) } catch {
            return .failure(SetupFailure("the host refused the plugin (\(error.stage.rawValue)): \(error.reason)"))
        }
        let config: HostConfig
        do throws(ConfigError) {
            // Without --config the plugin gets its schema's defaults (and AIP_ environment
            // overrides), exactly as in a host that has no config file.
            config = try HostConfig.load(path: request.options.configFile, environment: ProcessInfo.processInfo.environment)
        } catch {
            return .failure(SetupFailure("invalid configuration: \(error.description)"))
        }
        let recorder = HostCallRecorder(plugin: descriptor.name, label: label, emitter: emitter,
                                        maxCallMilliseconds: request.options.maxCallMilliseconds)
        let host = PluginHost(config: config, dataRoot: request.dataRoot, observer: recorder)
        for provider in request.options.providers {
            if case .failure(let refusal) = host.load(provider) {
                return .failure(SetupFailure("provider \(provider) was refused: \(refusal.reason)"))
            }
        }
        if case .failure(let refusal) = host.load(request.library) {
            return .failure(SetupFailure("the host refused the plugin (\(refusal.stage.rawValue)): \(refusal.reason)"))
        }
        return .success(ChildHost(descriptor: descriptor, recorder: recorder, host: host))
    }

    /// Loads and starts, the way every per-capability check begins.
    static func started(_ request: ChildRequest, emitter: ChildEmitter) -> Result<ChildHost, SetupFailure> {
        load(request, emitter: emitter).flatMap { child in
            child.start().map { .failure($0) } ?? .success(child)
        }
    }

    /// Runs init and start (of the providers too); nil when everything runs, else why not.
    func start() -> SetupFailure? {
        let refusals = host.startAll()
        guard let refusal = refusals.first(where: { $0.plugin == descriptor.name }) ?? refusals.first else { return nil }
        let who = refusal.plugin == descriptor.name ? "the plugin" : "provider \(refusal.plugin ?? refusal.path)"
        return SetupFailure("\(who) did not start (\(refusal.stage.rawValue)): \(refusal.reason)")
    }

    /// Stops and shuts down everything; the recorder announces each step, so a crash in `stop` or
    /// `shutdown` is reported there rather than in the check that ran before.
    func stop() {
        host.stopAll()
    }

    /// The plugin's own entry for `capability` (a provider loaded with --with may offer the same name).
    func entry(_ capability: String) -> CapabilityEntry? {
        host.capabilities().first { $0.name == capability && $0.providerName == descriptor.name }
    }

    /// Calls `entry` once with `body`, timing it.
    func call(_ entry: CapabilityEntry, _ body: [UInt8]) -> (result: CallResult, milliseconds: Double) {
        let clock = ContinuousClock()
        var result: CallResult?
        let elapsed = clock.measure {
            result = host.call(entry, body: body, contentType: "application/json", caller: "conformance")
        }
        return (result!, Milliseconds.of(elapsed))
    }
}

/// Why a check could not get the plugin running.
struct SetupFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
