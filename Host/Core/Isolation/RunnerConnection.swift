import AIPluginABI
import Foundation
import Logging

/// One life of one runner process: the socket, the calls waiting for answers, the reader thread
/// and the watchdog. It ends exactly once (`onEnd`), however it ends: the runner crashed or
/// exited, was killed as hung, or was stopped on purpose.
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
    let settings: IsolationSettings
    let startedAt = ContinuousClock.now
    private let logger: Logger
    private let delegate: Delegate
    private let helloSlot = CallSlot()
    private let startedSlot = CallSlot()
    private let state = Locked(State())

    private struct State {
        var pending: [UInt64: CallSlot] = [:]
        var nextID: UInt64 = 1
        var lastPong = ContinuousClock.now
        /// Calls whose caller gave up, by id → when; a late reply removes them.
        var cancelled: [UInt64: (capability: String, at: ContinuousClock.Instant)] = [:]
        var closed = false
        var stopping = false
        /// Why the watchdog killed the runner, reported instead of the bare exit.
        var killReason: String?
    }

    private init(plugin: String, process: RunnerProcess, socket: FrameSocket, settings: IsolationSettings,
                 logger: Logger, delegate: Delegate) {
        self.name = Locked(plugin)
        self.process = process
        self.socket = socket
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
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
            throw HostCallFailure(status: AIP_ERR_INTERNAL, message: "plugin \(plugin): socketpair failed: \(String(cString: strerror(errno)))")
        }
        let process: RunnerProcess
        do {
            process = try RunnerProcess.spawn(executable: runner, arguments: ["--plugin", path, "--parent-pid", "\(getpid())"],
                                              childSocket: pair[1])
        } catch {
            close(pair[0])
            close(pair[1])
            throw HostCallFailure(status: AIP_ERR_INTERNAL, message: "plugin \(plugin): \(error.description)")
        }
        close(pair[1])
        let socket = FrameSocket(fd: pair[0])
        socket.setSendTimeout(settings.pingTimeout)
        let connection = RunnerConnection(plugin: plugin, process: process, socket: socket, settings: settings,
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

    /// Sends a call and waits for its answer, up to the call deadline.
    func call(_ request: UnsafePointer<aip_request>, _ response: UnsafeMutablePointer<aip_response>) -> aip_status {
        let r = request.pointee
        let capability = r.capability.map { String(cString: $0) } ?? ""
        let slot = CallSlot()
        let id: UInt64? = state.withLock { state in
            guard !state.closed else { return nil }
            let id = state.nextID
            state.nextID += 1
            state.pending[id] = slot
            return id
        }
        guard let id else {
            return HostErrors.write(status: AIP_ERR_UNAVAILABLE, "plugin \(plugin): its runner is not running", into: response)
        }
        let frame = RunnerFrame(.call, id: id, fields: [capability, r.content_type.map { String(cString: $0) } ?? "application/json",
                                                        r.caller.map { String(cString: $0) } ?? ""],
                                body: r.data.map { Array(UnsafeBufferPointer(start: $0, count: r.len)) } ?? [])
        do { try socket.send(frame) } catch {
            kill(reason: "cannot send a call to the runner: \(error)")
        }
        var outcome = slot.wait(timeout: settings.callTimeout)
        if case .timedOut = outcome {
            let gaveUp = state.withLock { state -> Bool in
                guard state.pending.removeValue(forKey: id) != nil else { return false }
                state.cancelled[id] = (capability, ContinuousClock.now)
                return true
            }
            if gaveUp {
                try? socket.send(RunnerFrame(.cancel, id: id))
                return HostErrors.write(status: AIP_ERR_TIMEOUT,
                                        "capability \(capability) (plugin \(plugin), isolated) did not answer within \(settings.callTimeout); the call was cancelled",
                                        into: response)
            }
            outcome = slot.wait(timeout: nil) // answered at the very moment the deadline passed
        }
        switch outcome {
        case .frame(let reply):
            if !reply.body.isEmpty || reply.status == AIP_OK {
                guard let memory = malloc(max(reply.body.count, 1)) else { return AIP_ERR_RESOURCE_EXHAUSTED }
                reply.body.withUnsafeBytes { if let base = $0.baseAddress { memcpy(memory, base, reply.body.count) } }
                response.pointee.data = memory.assumingMemoryBound(to: UInt8.self)
                response.pointee.len = reply.body.count
                response.pointee.content_type = ContentTypes.permanent(reply.field(0).isEmpty ? "application/json" : reply.field(0))
            }
            return reply.status
        case .failed(let status, let message):
            return HostErrors.write(status: status, message, into: response)
        case .timedOut:
            return HostErrors.write(status: AIP_ERR_TIMEOUT, "capability \(capability) timed out", into: response)
        }
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
            case .reply:
                let slot = state.withLock { state -> CallSlot? in
                    if let slot = state.pending.removeValue(forKey: frame.id) { return slot }
                    state.cancelled.removeValue(forKey: frame.id)
                    return nil
                }
                slot?.complete(.frame(frame))
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
        let (pending, reason, intentional) = state.withLock { state in
            state.closed = true
            defer { state.pending.removeAll() }
            return (Array(state.pending.values), state.killReason, state.stopping)
        }
        let why = reason ?? failure.map { "\(exit) (\($0))" } ?? "\(exit)"
        let message = intentional ? "plugin \(plugin) was stopped while the call was in flight"
                                  : "plugin \(plugin) crashed while handling the call: its runner \(why); it is being restarted"
        for slot in pending { slot.complete(.failed(AIP_ERR_UNAVAILABLE, message)) }
        helloSlot.complete(.failed(AIP_ERR_UNAVAILABLE, why))
        startedSlot.complete(.failed(AIP_ERR_UNAVAILABLE, why))
        delegate.ended(self, exit, why, intentional)
    }

    private func watchLoop() {
        var sequence: UInt64 = 0
        while true {
            Thread.sleep(forTimeInterval: Double(settings.pingInterval.milliseconds) / 1000)
            let (closed, lastPong, stuck) = state.withLock { state in
                (state.closed || state.stopping, state.lastPong,
                 state.cancelled.first { ContinuousClock.now - $0.value.at > settings.hangGrace })
            }
            if closed { return }
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
