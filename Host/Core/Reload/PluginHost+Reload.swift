import AIPluginABI
import Foundation
import AIPLocking

extension PluginHost {
    /// Replaces the running plugin `name` with a new instance loaded from `path` (nil: the file it
    /// was first loaded from, re-read). The new instance is initialised and started next to the
    /// old one; only then do new calls go to it, while calls already inside the old instance
    /// finish there (up to `drainTimeout`) before it is stopped. When the new instance cannot be
    /// loaded or started, the old one keeps serving and the error says why.
    ///
    /// Images are never unloaded, and glibc hands back the old image for a path it already
    /// opened, so a file whose path is already loaded is first copied to a generation-numbered
    /// path of its own (see SWIFT-DLOPEN-FACTS: the only way to see a rebuilt Swift plugin).
    @discardableResult
    public func reload(_ name: String, from path: String? = nil,
                       drainTimeout: Duration = .seconds(30)) throws(HostCallFailure) -> PluginSummary {
        guard isInstrumented else {
            throw HostCallFailure(status: AIP_ERR_UNSUPPORTED,
                                  message: "hot reload needs an instrumented host (the daemon), which counts calls in flight")
        }
        let current = try runningRecord(named: name)
        let source = path.map(PluginPaths.absolute) ?? ReloadGenerations.origin(of: current.path)
        let loadPath = try ReloadGenerations.loadablePath(for: source, plugin: name, dataRoot: dataRoot,
                                                          alreadyLoaded: lock.withLock { records.map(\.path) } + [current.path])
        let descriptor: PluginDescriptor
        do { descriptor = try PluginImageLoader.open(loadPath) } catch {
            throw HostCallFailure(status: AIP_ERR_INVALID_ARGUMENT,
                                  message: "reload of \(name) refused, the running instance keeps serving: \(error.description)")
        }
        guard descriptor.name == name else {
            throw HostCallFailure(status: AIP_ERR_INVALID_ARGUMENT,
                                  message: "reload of \(name) refused: \(source) holds plugin \(descriptor.name), not \(name)")
        }
        let replacement = PluginRecord(path: loadPath, descriptor: descriptor, services: services, logger: logger)
        try startReplacement(replacement, for: current)
        swap(current, for: replacement, drainTimeout: drainTimeout)
        logger.info("reloaded \(name): \(current.descriptor.version) from \(current.path) -> \(descriptor.version) from \(loadPath)")
        return summary(of: replacement)
    }

    func runningRecord(named name: String) throws(HostCallFailure) -> PluginRecord {
        let found: (running: PluginRecord?, any: PluginRecord?) = lock.withLock {
            (records.last { $0.name == name && $0.state == .running }, records.last { $0.name == name })
        }
        if let running = found.running { return running }
        if let other = found.any {
            throw HostCallFailure(status: AIP_ERR_UNAVAILABLE,
                                  message: "plugin \(name) is \(other.state.rawValue)\(other.failure.map { " (\($0))" } ?? ""); enable it first")
        }
        throw HostCallFailure(status: AIP_ERR_NOT_FOUND, message: "no plugin named \(name) is loaded")
    }

    /// Checks the new instance's requirements against what runs now, then initialises and starts it.
    func startReplacement(_ replacement: PluginRecord, for current: PluginRecord?) throws(HostCallFailure) {
        let running = lock.withLock { records.filter { $0.state == .running && $0 !== current } } + hostProvided.records
        let plan = DependencyPlanner.plan(pending: [replacement], running: running + (current.map { [$0] } ?? []))
        if let (_, reason) = plan.refused.first {
            throw HostCallFailure(status: AIP_ERR_UNAVAILABLE,
                                  message: "new instance of \(replacement.name) refused (\(reason))\(current == nil ? "" : "; the running instance keeps serving")")
        }
        if let refusal = initialiseAndStart(replacement) {
            _ = refuse(refusal)
            throw HostCallFailure(status: AIP_ERR_INTERNAL,
                                  message: "new instance of \(replacement.name) failed: \(refusal.reason)\(current == nil ? "" : "; the running instance keeps serving")")
        }
    }

    /// Routes new calls to `replacement`, lets calls in flight finish on `old`, then stops `old`.
    func swap(_ old: PluginRecord, for replacement: PluginRecord, drainTimeout: Duration) {
        lock.withLock {
            records.removeAll { $0 === old }
            records.append(replacement)
            if let index = startedRecords.firstIndex(where: { $0 === old }) {
                startedRecords[index] = replacement
            } else {
                startedRecords.append(replacement)
            }
        }
        old.successor.withLock { $0 = replacement }
        retire(old, drainTimeout: drainTimeout)
    }

    /// Closes `record` to new calls, waits for the calls inside it, then stops and shuts it down.
    func retire(_ record: PluginRecord, drainTimeout: Duration) {
        record.closeForDrain(.stopped)
        if !waitForDrain(record, timeout: drainTimeout) {
            record.logger.warning("\(record.inFlight.load(ordering: .relaxed)) call(s) still in flight after \(drainTimeout); stopping the instance anyway")
        }
        stopInstance(record)
        shutdown(record)
    }

    /// Polls the in-flight count; calls are short, so a millisecond tick costs nothing.
    func waitForDrain(_ record: PluginRecord, timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while record.inFlight.load(ordering: .sequentiallyConsistent) > 0 {
            if ContinuousClock.now >= deadline { return false }
            usleep(1000)
        }
        return true
    }
}

/// Where each reload generation of a plugin file was copied from, so that a later reload without
/// a path re-reads the original file rather than the copy.
enum ReloadGenerations {
    private static let origins = Locked<[String: String]>([:])
    private static let counter = Locked(0)

    static func origin(of loadedPath: String) -> String {
        origins.withLock { $0[loadedPath] } ?? loadedPath
    }

    /// `source` itself when no image was opened from it yet, else a fresh copy under
    /// `DATA/.host/reload/NAME/GENERATION/`.
    static func loadablePath(for source: String, plugin: String, dataRoot: String,
                             alreadyLoaded: [String]) throws(HostCallFailure) -> String {
        guard FileManager.default.fileExists(atPath: source) else {
            throw HostCallFailure(status: AIP_ERR_NOT_FOUND, message: "reload of \(plugin) refused: \(source) does not exist")
        }
        guard alreadyLoaded.contains(source) || origins.withLock({ $0.values.contains(source) }) else { return source }
        let generation = counter.withLock { value -> Int in
            value += 1
            return value
        }
        let directory = "\(dataRoot)/.host/reload/\(plugin)/\(getpid())-\(generation)"
        let target = directory + "/" + URL(fileURLWithPath: source).lastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: source, toPath: target)
        } catch {
            throw HostCallFailure(status: AIP_ERR_INTERNAL,
                                  message: "reload of \(plugin): cannot copy \(source) to \(target): \(error.localizedDescription)")
        }
        origins.withLock { $0[target] = source }
        return target
    }
}
