import AIPluginABI
import Foundation
import Logging
import Synchronization
import AIPLocking

/// One life of one runner process: the control socket (fd 3 in the runner: setup, pings, events,
/// the plugin's own host calls, stop), the call lanes (one socket per concurrent call, handed over
/// fd 4), the control reader thread and the watchdog. A call never passes through a daemon
/// thread: the caller writes it on a lane and blocks reading the answer. The connection ends
/// exactly once (`ended`), however it ends: the runner crashed or exited, was killed as hung, or
/// was stopped on purpose.
final class RunnerConnection: @unchecked Sendable {
    /// What the connection asks of its owner.
    struct Delegate: Sendable {
        /// The plugin calls a capability through the host table; the answer goes back as `hostReply`.
        var hostCall: @Sendable (RunnerFrame, RunnerConnection) -> Void
        /// The plugin published an event.
        var publish: @Sendable (RunnerFrame) -> Void
        /// The runner is gone; `reason` says why, `exit` how it ended.
        var ended: @Sendable (RunnerConnection, RunnerProcess.Exit, String, _ intentional: Bool) -> Void
    }

    /// The file name until the runner says which plugin it loaded, then the plugin's name.
    var plugin: String { name.withLock { $0 } }
    private let name: Locked<String>
    let process: RunnerProcess
    let socket: FrameSocket
    let lanes: CallLanes
    let settings: IsolationSettings
    let startedAt = ContinuousClock.now
    private let logger: Logger
    private let delegate: Delegate
    private let helloSlot = CallSlot()
    private let startedSlot = CallSlot()
    private let state = Locked(State())
    private let nextCallID = Atomic<UInt64>(1)
    /// Signalled once the runner is gone and reaped (callers whose lane broke wait for the reason).
    private let end = NSCondition()
    private var ending: (why: String, intentional: Bool)?

    private struct State {
        var lastPong = ContinuousClock.now
        /// Calls whose caller gave up, by id; the lane is kept until the late answer arrives
        /// (then closed) or the hang grace passes (then the runner is killed as stuck).
        var cancelled: [UInt64: (capability: String, at: ContinuousClock.Instant, lane: CallLane)] = [:]
        var closed = false
        var stopping = false
        /// Why the watchdog killed the runner, reported instead of the bare exit.
        var killReason: String?
    }

    private init(plugin: String, process: RunnerProcess, socket: FrameSocket, lanes: CallLanes, settings: IsolationSettings,
                 logger: Logger, delegate: Delegate) {
        self.name = Locked(plugin)
        self.process = process
        self.socket = socket
        self.lanes = lanes
        self.settings = settings
        self.logger = logger
        self.delegate = delegate
    }

    /// Spawns a runner for `path`, reads its `hello`, answers with `setup(descriptor)` and waits
    /// until the plugin started. Any failure kills the runner and says why.
    static func launch(runner: String, path: String, plugin: String, settings: IsolationSettings, logger: Logger,
                       delegate: Delegate, setup: (RunnerDescriptor) throws(HostCallFailure) -> RunnerSetup)
        throws(HostCallFailure) -> (RunnerConnection, RunnerDescriptor) {
        var pair: [Int32] = [0, 0]
        var channel: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
            throw HostCallFailure(status: AIP_ERR_INTERNAL, message: "plugin \(plugin): socketpair failed: \(String(cString: strerror(errno)))")
        }
        guard socketpair(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &channel) == 0 else {
            let reason = String(cString: strerror(errno))
            pair.forEach { _ = close($0) }
            throw HostCallFailure(status: AIP_ERR_INTERNAL, message: "plugin \(plugin): socketpair failed: \(reason)")
        }
        let process: RunnerProcess
        do {
            process = try RunnerProcess.spawn(executable: runner, arguments: ["--plugin", path, "--parent-pid", "\(getpid())"],
                                              childSockets: [pair[1], channel[1]])
        } catch {
            (pair + channel).forEach { _ = close($0) }
            throw HostCallFailure(status: AIP_ERR_INTERNAL, message: "plugin \(plugin): \(error.description)")
        }
        close(pair[1])
        close(channel[1])
        let socket = FrameSocket(fd: pair[0])
        socket.setSendTimeout(settings.pingTimeout)
        let lanes = CallLanes(channel: channel[0], maximum: settings.maxConcurrentCalls, timeout: settings.callTimeout)
        let connection = RunnerConnection(plugin: plugin, process: process, socket: socket, lanes: lanes, settings: settings,
                                          logger: logger, delegate: delegate)
        connection.startThreads()
        func fail(_ message: String) -> HostCallFailure {
            connection.kill(reason: message)
            return HostCallFailure(status: AIP_ERR_UNAVAILABLE, message: "plugin \(plugin) (isolated, \(path)): \(message)")
        }
        guard case .frame(let hello) = connection.helloSlot.wait(timeout: settings.startTimeout), hello.kind == .hello else {
            throw fail("the runner did not describe the plugin within \(settings.startTimeout) (see the runner's log above)")
        }
        if hello.status != AIP_OK {
            throw fail(String(decoding: hello.body, as: UTF8.self))
        }
        let descriptor: RunnerDescriptor
        do { descriptor = try JSONDecoder().decode(RunnerDescriptor.self, from: Data(hello.body)) } catch {
            throw fail("the runner's description of the plugin is not readable: \(error)")
        }
        connection.name.withLock { $0 = descriptor.name }
        let answer: RunnerSetup
        do { answer = try setup(descriptor) } catch {
            connection.kill(reason: error.message)
            throw error
        }
        let started: CallSlot.Outcome
        do {
            try socket.send(RunnerFrame(.setup, body: Array(try JSONEncoder().encode(answer))))
            started = connection.startedSlot.wait(timeout: settings.startTimeout)
        } catch {
            throw fail("cannot send the setup: \(error)")
        }
        guard case .frame(let frame) = started, frame.kind == .started else {
            throw fail("the plugin did not start within \(settings.startTimeout)")
        }
        guard frame.status == AIP_OK else {
            throw fail(String(decoding: frame.body, as: UTF8.self))
        }
        return (connection, descriptor)
    }

    private func startThreads() {
        let reader = Thread { [self] in readLoop() }
        reader.name = "aip-runner-\(plugin)-reader"
        reader.start()
        let watchdog = Thread { [self] in watchLoop() }
        watchdog.name = "aip-runner-\(plugin)-watchdog"
        watchdog.start()
    }

    // MARK: Calls

    /// Sends a call on a lane and blocks reading its answer, up to the call deadline.
    func call(_ request: UnsafePointer<aip_request>, _ response: UnsafeMutablePointer<aip_response>) -> aip_status {
        let lane: CallLane
        switch lanes.acquire() {
        case .lane(let acquired): lane = acquired
        case .closed:
            return HostErrors.write(status: AIP_ERR_UNAVAILABLE, "plugin \(plugin): its runner is not running", into: response)
        case .busy:
            return HostErrors.write(status: AIP_ERR_RESOURCE_EXHAUSTED,
                                    "plugin \(plugin) (isolated) has \(lanes.maximum) calls running; none finished within \(settings.callTimeout)",
                                    into: response)
        case .failed(let reason):
            kill(reason: reason)
            return HostErrors.write(status: AIP_ERR_UNAVAILABLE, "plugin \(plugin): \(reason)", into: response)
        }
        let id = nextCallID.wrappingAdd(1, ordering: .relaxed).oldValue
        switch lane.exchange(id: id, request, response) {
        case .answered(let status):
            lanes.release(lane)
            return status
        case .timedOut:
            let capability = request.pointee.capability.map { String(cString: $0) } ?? ""
            let kept = state.withLock { state -> Bool in
                guard !state.closed else { return false }
                state.cancelled[id] = (capability, ContinuousClock.now, lane)
                return true
            }
            if kept { try? socket.send(RunnerFrame(.cancel, id: id)) } else { lanes.retire(lane) }
            return HostErrors.write(status: AIP_ERR_TIMEOUT,
                                    "capability \(capability) (plugin \(plugin), isolated) did not answer within \(settings.callTimeout); the call was cancelled",
                                    into: response)
        case .broken(let detail):
            lanes.retire(lane)
            guard let (why, intentional) = waitForEnd(within: .seconds(2)) else {
                return HostErrors.write(status: AIP_ERR_UNAVAILABLE, "plugin \(plugin) (isolated): \(detail)", into: response)
            }
            let message = intentional ? "plugin \(plugin) was stopped while the call was in flight"
                                      : "plugin \(plugin) crashed while handling the call: its runner \(why); it is being restarted"
            return HostErrors.write(status: AIP_ERR_UNAVAILABLE, message, into: response)
        }
    }

    /// Why the runner ended, once the control reader reaped it; nil if it is still running after `timeout`.
    private func waitForEnd(within timeout: Duration) -> (String, Bool)? {
        let deadline = Date(timeIntervalSinceNow: Double(timeout.milliseconds) / 1000)
        end.lock()
        defer { end.unlock() }
        while ending == nil {
            if !end.wait(until: deadline) { break }
        }
        return ending.map { ($0.why, $0.intentional) }
    }

    func send(_ frame: RunnerFrame) {
        do { try socket.send(frame) } catch {
            kill(reason: "cannot write to the runner: \(error)")
        }
    }

    // MARK: Ending

    /// Kills the runner (through its pidfd); the reader thread then reports the end.
    func kill(reason: String) {
        let first = state.withLock { state -> Bool in
            guard state.killReason == nil, !state.stopping else { return false }
            state.killReason = reason
            return true
        }
        if first { logger.warning("killing the runner of \(plugin) (pid \(process.pid)): \(reason)") }
        process.signal(SIGKILL)
    }

    /// Asks the runner to stop its plugin and exit; kills it after `stopTimeout`.
    func stop() {
        let already = state.withLock { state -> Bool in
            defer { state.stopping = true }
            return state.stopping || state.closed
        }
        if !already { try? socket.send(RunnerFrame(.stop)) }
        _ = process.stop(within: settings.stopTimeout)
    }

    var isClosed: Bool { state.withLock { $0.closed } }

    private func readLoop() {
        var failure: String?
        while true {
            let frame: RunnerFrame?
            do { frame = try socket.receive() } catch {
                failure = error.description
                break
            }
            guard let frame else { break }
            switch frame.kind {
            case .hello: helloSlot.complete(.frame(frame))
            case .started: startedSlot.complete(.frame(frame))
            case .hostCall: delegate.hostCall(frame, self)
            case .publish: delegate.publish(frame)
            case .pong: state.withLock { $0.lastPong = ContinuousClock.now }
            default: logger.warning("runner of \(plugin) sent an unexpected \(frame.kind) frame; ignored")
            }
        }
        // The runner closed its end (it exited or is about to): make sure it is gone, reap it.
        process.signal(SIGKILL)
        let exit = process.waitForExit()
        socket.close()
        let (cancelled, reason, intentional) = state.withLock { state in
            state.closed = true
            defer { state.cancelled.removeAll() }
            return (state.cancelled.values.map(\.lane), state.killReason, state.stopping)
        }
        let why = reason ?? failure.map { "\(exit) (\($0))" } ?? "\(exit)"
        // Callers blocked on a lane wake (the runner's ends are gone; shut down for certainty) and
        // read the reason here.
        end.withLock { ending = (why, intentional) }
        end.broadcast()
        lanes.closeAll()
        for lane in cancelled { lanes.retire(lane) }
        helloSlot.complete(.failed(AIP_ERR_UNAVAILABLE, why))
        startedSlot.complete(.failed(AIP_ERR_UNAVAILABLE, why))
        delegate.ended(self, exit, why, intentional)
    }

    private func watchLoop() {
        var sequence: UInt64 = 0
        while true {
            Thread.sleep(forTimeInterval: Double(settings.pingInterval.milliseconds) / 1000)
            let (closed, lastPong, cancelled) = state.withLock { state in
                (state.closed || state.stopping, state.lastPong, state.cancelled)
            }
            if closed { return }
            // A cancelled call whose lane is readable has finished (or its lane broke): done with it.
            var stuck: (UInt64, (capability: String, at: ContinuousClock.Instant, lane: CallLane))?
            for (id, call) in cancelled {
                if call.lane.isReadable {
                    if state.withLock({ $0.cancelled.removeValue(forKey: id) }) != nil { lanes.retire(call.lane) }
                } else if ContinuousClock.now - call.at > settings.hangGrace {
                    stuck = (id, call)
                }
            }
            if let (id, call) = stuck {
                kill(reason: "call \(id) to \(call.capability) is still running \(settings.hangGrace) after its deadline: the plugin is stuck")
                return
            }
            if ContinuousClock.now - lastPong > settings.pingTimeout {
                kill(reason: "the runner answered no ping for \(settings.pingTimeout)")
                return
            }
            sequence += 1
            send(RunnerFrame(.ping, id: sequence))
        }
    }
}
