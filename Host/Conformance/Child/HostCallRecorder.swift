import AIPHost
import AIPluginABI
import Foundation
import Synchronization

/// Judges every host-table call of the plugin under test against its lifecycle, as the host
/// reports them (see `HostCallObserver`). One recorder watches one host, that is one lifecycle.
final class HostCallRecorder: HostCallObserver {
    /// Where the plugin is in its lifecycle, as far as the host's calls into it say.
    enum Phase: Sendable {
        case loaded, initialising, initialised, starting, running, stopping, stopped, shuttingDown, shutDown
    }

    /// Host functions that reach other plugins or the bus. aip_plugin.h allows only config_json,
    /// data_dir, log, subscribe and register_capability in `init` ("calls to other plugins must
    /// wait for start"); between init and start the plugin has no business calling them either.
    static let forbiddenBeforeStart: Set<String> = ["lookup", "call", "call_by_name", "native", "publish"]

    let plugin: String
    /// Prefix of stage names and problems ("cycle 2: "), empty outside the lifecycle check.
    let label: String
    private let emitter: ChildEmitter
    private let stopBoundMilliseconds: Int
    private let state = Mutex(State())

    private struct State {
        var phase = Phase.loaded
        var hostCalls = 0
        var publishes = 0
        var notes: [ChildNote: Int] = [:]
        var noteOrder: [ChildNote] = []
        var problems: [String] = []
        var enteredAt = ContinuousClock.now
    }

    init(plugin: String, label: String, emitter: ChildEmitter, maxCallMilliseconds: Int) {
        self.plugin = plugin
        self.label = label
        self.emitter = emitter
        self.stopBoundMilliseconds = maxCallMilliseconds
    }

    var phase: Phase { state.withLock { $0.phase } }
    var hostCalls: Int { state.withLock { $0.hostCalls } }
    /// Lifecycle functions that failed or took too long (stop must "return promptly").
    var problems: [String] { state.withLock { $0.problems } }

    func hostWillCall(_ function: LifecycleFunction, of plugin: String) {
        guard plugin == self.plugin else { return }
        emitter.stage(label + function.rawValue)
        state.withLock { state in
            state.enteredAt = .now
            state.phase = switch function {
            case .initialise: .initialising
            case .start: .starting
            case .stop: .stopping
            case .shutdown: .shuttingDown
            }
        }
    }

    func hostDidCall(_ function: LifecycleFunction, of plugin: String, status: Int32?) {
        guard plugin == self.plugin else { return }
        state.withLock { state in
            let elapsed = ContinuousClock.now - state.enteredAt
            switch function {
            case .initialise: state.phase = status == AIP_OK ? .initialised : .loaded
            case .start: state.phase = status == AIP_OK ? .running : .initialised
            case .stop:
                state.phase = .stopped
                // The host only logs a failing stop; the suite holds it against the plugin.
                if let status, status != AIP_OK {
                    state.problems.append("stop failed with \(HostErrors.codeName(status))")
                }
                if elapsed > .milliseconds(stopBoundMilliseconds) {
                    state.problems.append("stop took \(Milliseconds.text(elapsed)), more than the \(stopBoundMilliseconds) ms bound: it must return promptly")
                }
            case .shutdown: state.phase = .shutDown
            }
        }
    }

    func pluginCalledHost(_ call: ObservedHostCall) {
        guard call.plugin == plugin else { return }
        let subject = call.subject.map { "(\"\($0)\")" } ?? ""
        var found: [ChildNote] = []
        state.withLock { state in
            state.hostCalls += 1
            switch state.phase {
            case .shutDown:
                found.append(ChildNote(kind: .order, text: "called host->\(call.function)\(subject) after shutdown returned"))
            case .initialising where Self.forbiddenBeforeStart.contains(call.function):
                found.append(ChildNote(kind: .order, text: "called host->\(call.function)\(subject) during init, before start"))
            case .initialised where Self.forbiddenBeforeStart.contains(call.function):
                found.append(ChildNote(kind: .order, text: "called host->\(call.function)\(subject) after init, before start"))
            default:
                break
            }
            if call.status == AIP_ERR_PERMISSION_DENIED, let topic = call.subject {
                if call.function == "publish" { found.append(ChildNote(kind: .publish, text: topic)) }
                if call.function == "subscribe" { found.append(ChildNote(kind: .subscribe, text: topic)) }
            } else if call.function == "publish", call.status == AIP_OK {
                state.publishes += 1
            }
            found = found.filter { note in
                defer { state.notes[note, default: 0] += 1 }
                guard state.notes[note] == nil else { return false }
                state.noteOrder.append(note)
                return true
            }
        }
        // First sightings go out at once: the plugin may crash before the check ends.
        for note in found { emitter.send(ChildLine(note: note)) }
    }

    /// Everything seen, with counts, for the end-of-check summary.
    var observations: Observations {
        state.withLock { state in
            Observations(publishes: state.publishes,
                         notes: state.noteOrder.map { .init(kind: $0.kind, text: $0.text, count: state.notes[$0] ?? 0) })
        }
    }
}
