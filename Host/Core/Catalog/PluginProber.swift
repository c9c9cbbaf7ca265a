import Foundation

/// Inspects plugin files in a child process (`aip plugins probe`), so that a library that crashes
/// while loading — in a constructor or in its entry function — is quarantined with the signal
/// and the stage instead of taking the host down.
public struct PluginProber: Sendable {
    /// The `aip` executable to run as the child.
    public let executable: String
    /// A child silent for longer than this is killed and the file quarantined as hung.
    public let timeout: Duration

    public init(executable: String, timeout: Duration = .seconds(20)) {
        self.executable = executable
        self.timeout = timeout
    }

    /// Probes `paths`, restarting the child after each crash; returns one entry per path.
    public func probe(_ paths: [String]) -> [CatalogEntry] {
        var remaining = paths
        var results: [CatalogEntry] = []
        while !remaining.isEmpty {
            let run = runChild(remaining)
            results += run.entries
            let done = Set(run.entries.map(\.path))
            remaining.removeAll { done.contains($0) }
            guard let culprit = run.inFlight ?? remaining.first, !remaining.isEmpty else { break }
            // The child died (or hung) on `culprit`: quarantine it and go on with the rest.
            results.append(Self.quarantined(culprit, reason: run.failure ?? "the probe process ended without an answer"))
            remaining.removeAll { $0 == culprit }
        }
        return results
    }

    static func quarantined(_ path: String, reason: String) -> CatalogEntry {
        let (size, modified) = PluginCatalog.fingerprint(path) ?? (0, 0)
        return CatalogEntry(path: path, size: size, modifiedNanos: modified, status: .quarantined,
                            plugin: nil, configSchema: nil,
                            reason: "quarantined: \(reason); it is retried when the file changes", stage: .quarantine)
    }

    private struct ChildRun {
        var entries: [CatalogEntry] = []
        var inFlight: String?
        var failure: String?
    }

    private func runChild(_ paths: [String]) -> ChildRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["plugins", "probe", "--"] + paths
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        var run = ChildRun()
        do { try process.run() } catch {
            run.failure = "cannot start the probe process \(executable): \(error.localizedDescription)"
            run.inFlight = paths.first
            return run
        }
        let finished = DispatchSemaphore(value: 0)
        let collected = OutputCollector()
        let reader = Thread {
            collected.data = output.fileHandleForReading.readDataToEndOfFile()
            finished.signal()
        }
        reader.start()
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        var hung = false
        if finished.wait(timeout: .now() + seconds) == .timedOut {
            hung = true
            process.terminate()
            kill(process.processIdentifier, SIGKILL)
            finished.wait()
        }
        process.waitUntilExit()
        for line in String(decoding: collected.data, as: UTF8.self).split(separator: "\n") {
            let data = Data(line.utf8)
            if let marker = try? JSONDecoder().decode(ProbeMarker.self, from: data) {
                run.inFlight = marker.probing
            } else if let entry = try? JSONDecoder().decode(CatalogEntry.self, from: data) {
                run.entries.append(entry)
                run.inFlight = nil
            }
        }
        if hung {
            run.failure = "hung for more than \(Int(seconds)) s while being loaded"
        } else if process.terminationReason == .uncaughtSignal {
            let signal = process.terminationStatus
            run.failure = "crashed with \(Self.signalName(signal)) while being loaded (dlopen, constructors or \(AIPEntrySymbol.name))"
        } else if process.terminationStatus != 0, run.inFlight != nil {
            run.failure = "the probe process exited with status \(process.terminationStatus) while loading it"
        }
        return run
    }

    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGSEGV: return "SIGSEGV (segmentation fault)"
        case SIGBUS: return "SIGBUS (bus error)"
        case SIGABRT: return "SIGABRT (abort)"
        case SIGILL: return "SIGILL (illegal instruction)"
        case SIGFPE: return "SIGFPE (arithmetic error)"
        case SIGKILL: return "SIGKILL"
        case SIGTRAP: return "SIGTRAP (Swift runtime trap)"
        default: return "signal \(signal)"
        }
    }

    /// The child side: inspect each file in this process, one JSON line per step on stdout.
    public static func runProbeChild(paths: [String]) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for path in paths {
            emit(try? encoder.encode(ProbeMarker(probing: path)))
            emit(try? encoder.encode(inspect(path)))
        }
    }

    private static func emit(_ data: Data?) {
        guard let data else { return }
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }

    /// Loads `path` in this process and describes it (no init is called).
    public static func inspect(_ path: String) -> CatalogEntry {
        let (size, modified) = PluginCatalog.fingerprint(path) ?? (0, 0)
        do {
            let descriptor = try PluginImageLoader.open(path)
            return CatalogEntry(path: path, size: size, modifiedNanos: modified, status: .ok,
                                plugin: PluginSummary(descriptor: descriptor, path: path, state: "available"),
                                configSchema: descriptor.configSchema, reason: nil, stage: nil)
        } catch {
            return CatalogEntry(path: path, size: size, modifiedNanos: modified, status: .refused,
                                plugin: nil, configSchema: nil, reason: error.reason, stage: error.stage)
        }
    }
}

private struct ProbeMarker: Codable {
    let probing: String
}

private final class OutputCollector: @unchecked Sendable {
    var data = Data()
}

enum AIPEntrySymbol {
    static let name = "aip_plugin_entry"
}

extension PluginSummary {
    init(descriptor d: PluginDescriptor, path: String, state: String) {
        self.init(
            name: d.name, version: d.version.description, description: d.description, path: path,
            language: d.language, state: state, threadSafe: d.threadSafe,
            provides: d.provides.map { capability in
                capability.signature.map { "\(capability.name)@\(capability.version) native \($0)" } ?? "\(capability.name)@\(capability.version)"
            },
            requires: d.requirements.map { "\($0.name) \($0.rangeText)\($0.optional ? " (optional)" : "")" },
            publishes: d.publishes.map(\.text), subscribes: d.subscribes.map(\.text),
            failure: nil, health: nil)
    }
}
