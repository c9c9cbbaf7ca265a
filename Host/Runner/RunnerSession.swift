import AIPConfig
import AIPEvents
import AIPHost
import AIPluginABI
import Foundation
import Logging

/// The runner's side: the control socket (fd 3) is read by this thread, which answers pings at
/// once, so a slow or stuck call never stops the daemon from seeing it alive. Calls arrive on
/// lanes, sockets the daemon hands over fd 4, each served by a thread of its own that reads a
/// call, runs it and writes the answer back: no hand-off between threads on the way.
final class RunnerSession: @unchecked Sendable {
    let socket: FrameSocket
    let pluginPath: String
    let logger: Logger
    private let state = NSLock()
    private var host: PluginHost?
    private var pluginName = ""
    private var pendingHostCalls: [UInt64: PendingReply] = [:]
    private var nextHostCallID: UInt64 = 1

    init(socket: FrameSocket, pluginPath: String, logger: Logger) {
        self.socket = socket
        self.pluginPath = pluginPath
        self.logger = logger
    }

    func run() -> Never {
        let descriptor: PluginDescriptor
        do { descriptor = try PluginImageLoader.open(pluginPath) } catch {
            send(RunnerFrame(.hello, status: AIP_ERR_INVALID_ARGUMENT, body: Array(error.description.utf8)))
            exit(1)
        }
        pluginName = descriptor.name
        do {
            send(RunnerFrame(.hello, body: Array(try JSONEncoder().encode(RunnerDescriptor(descriptor)))))
        }
        catch { exit(1) }
        let acceptor = Thread { [self] in acceptLanes() }
        acceptor.name = "aip-runner-lanes"
        acceptor.start()
        while true {
            let frame: RunnerFrame?
            do { frame = try socket.receive() } catch {
                logger.error("runner of \(pluginName): \(error.description); exiting")
                exit(1)
            }
            guard let frame else { exit(0) } // the daemon closed the socket: it is stopping or gone
            handle(frame)
        }
    }

    private func handle(_ frame: RunnerFrame) {
        switch frame.kind {
        case .ping: send(RunnerFrame(.pong, id: frame.id))
        case .setup: Thread.detachNewThread { [self] in setUp(frame) }
        case .hostReply:
            let pending = state.withLock { pendingHostCalls.removeValue(forKey: frame.id) }
            pending?.complete(frame)
        case .event:
            guard let host = state.withLock({ host }) else { return }
            _ = host.bus.publish(topic: frame.field(0), contentType: frame.field(1), payload: frame.body, source: frame.field(2))
        case .cancel:
            logger.debug("the daemon gave up on call \(frame.id) (deadline passed)")
        case .stop:
            state.withLock { host }?.stopAll()
            exit(0)
        default:
            logger.warning("unexpected \(frame.kind) frame from the daemon; ignored")
        }
    }

    /// Builds the host with the plugin's config section, stands in for the capabilities it
    /// requires (each forwarded to the daemon), and starts the plugin.
    private func setUp(_ frame: RunnerFrame) {
        let setup: RunnerSetup
        do { setup = try JSONDecoder().decode(RunnerSetup.self, from: Data(frame.body)) } catch {
            return send(RunnerFrame(.started, status: AIP_ERR_INVALID_ARGUMENT, body: Array("unreadable setup: \(error)".utf8)))
        }
        let config: HostConfig
        do {
            let section = try JSONParser.parse(setup.configJSON, source: setup.configSource)
            config = HostConfig(rawPlugins: [pluginName: section], source: setup.configSource)
        } catch {
            return send(RunnerFrame(.started, status: AIP_ERR_INVALID_ARGUMENT, body: Array("\(error)".utf8)))
        }
        let host = PluginHost(config: config, dataRoot: setup.dataRoot, logger: logger)
        for provider in setup.providers {
            do {
                try host.provide(provider.name, version: provider.version) { [self] request in forward(request) }
            } catch {
                return send(RunnerFrame(.started, status: error.status, body: Array(error.message.utf8)))
            }
        }
        do {
            let name = pluginName
            _ = host.bus.subscribe(try TopicPattern("#"), owner: "aip-plugin-runner") { [self] event in
                guard event.source == name else { return }
                send(RunnerFrame(.publish, fields: [event.topic, event.contentType], body: event.payload))
            }
        } catch {
            return send(RunnerFrame(.started, status: AIP_ERR_INTERNAL, body: Array("\(error)".utf8)))
        }
        if case .failure(let refusal) = host.load(pluginPath) {
            return send(RunnerFrame(.started, status: AIP_ERR_INVALID_ARGUMENT, body: Array(refusal.description.utf8)))
        }
        if let refusal = host.startAll().first {
            return send(RunnerFrame(.started, status: AIP_ERR_UNAVAILABLE, body: Array(refusal.description.utf8)))
        }
        state.withLock { self.host = host }
        send(RunnerFrame(.started))
    }

    /// Takes every lane the daemon hands over and serves each on a thread of its own, until the
    /// daemon closes the channel.
    private func acceptLanes() {
        while let fd = DescriptorPassing.receive(from: 4) {
            let thread = Thread { [self] in serveLane(fd) }
            thread.name = "aip-runner-lane-\(fd)"
            thread.start()
        }
    }

    /// Answers the calls on one lane, one at a time, until the daemon closes it.
    private func serveLane(_ fd: Int32) {
        defer { close(fd) }
        let reader = LaneReader(fd: fd)
        var scratch: [UInt8] = []
        var resolved: [String: CapabilityEntry] = [:]
        while true {
            let frame: LaneReader.Frame
            switch reader.next() {
            case .frame(let next): frame = next
            case .closed: return
            case .timedOut, .failed:
                logger.error("runner of \(pluginName): a call lane broke; closing it")
                return
            }
            guard frame.kind == .call else {
                logger.error("runner of \(pluginName): a \(frame.kind) frame on a call lane; closing it")
                return
            }
            var response = aip_response()
            response.struct_size = UInt32(MemoryLayout<aip_response>.size)
            let status = call(frame, resolved: &resolved, response: &response)
            let body = UnsafeRawBufferPointer(start: response.data, count: response.data == nil ? 0 : response.len)
            let written = LaneFrames.write(fd, kind: .reply, id: frame.id, status: status,
                                           fields: (LaneFrames.field(response.content_type), LaneFrames.empty, LaneFrames.empty),
                                           body: body, scratch: &scratch)
            free(response.data)
            guard written else { return } // the daemon gave up on the lane
        }
    }

    /// Runs one call through the plugin's host, with the capability resolved once per lane.
    private func call(_ frame: LaneReader.Frame, resolved: inout [String: CapabilityEntry],
                      response: UnsafeMutablePointer<aip_response>) -> aip_status {
        func fail(_ failure: HostCallFailure) -> aip_status {
            let body = failure.jsonBody
            guard let memory = malloc(body.count) else { return AIP_ERR_RESOURCE_EXHAUSTED }
            body.withUnsafeBytes { memory.copyMemory(from: $0.baseAddress!, byteCount: body.count) }
            response.pointee.data = memory.assumingMemoryBound(to: UInt8.self)
            response.pointee.len = body.count
            return failure.status
        }
        guard let host = state.withLock({ host }) else {
            return fail(HostCallFailure(status: AIP_ERR_UNAVAILABLE, message: "the plugin has not started yet"))
        }
        let name = frame.text(frame.fields.0)
        let entry: CapabilityEntry
        if let known = resolved[name] {
            entry = known
        } else {
            do { entry = try host.resolve(name) } catch { return fail(error) }
            resolved[name] = entry
        }
        // The C strings the request needs: the fields are not NUL-terminated on the wire.
        let contentType = frame.text(frame.fields.1)
        let caller = frame.text(frame.fields.2)
        let callerName = caller.isEmpty ? "host" : caller
        return contentType.withCString { cType in
            callerName.withCString { cCaller in
                var request = aip_request()
                request.struct_size = UInt32(MemoryLayout<aip_request>.size)
                request.content_type = contentType.isEmpty ? nil : cType
                request.data = frame.body.baseAddress?.assumingMemoryBound(to: UInt8.self)
                request.len = frame.body.count
                request.caller = cCaller
                return entry.call(&request, response)
            }
        }
    }

    /// A call the plugin makes to a capability it requires: answered by the daemon.
    private func forward(_ request: HostRequest) -> HostReply {
        let pending = PendingReply()
        let id = state.withLock { () -> UInt64 in
            let id = nextHostCallID
            nextHostCallID += 1
            pendingHostCalls[id] = pending
            return id
        }
        send(RunnerFrame(.hostCall, id: id, fields: [request.capability, request.contentType, pluginName], body: request.body))
        let reply = pending.wait()
        return HostReply(status: reply.status, contentType: reply.field(0).isEmpty ? "application/json" : reply.field(0), body: reply.body)
    }

    private func send(_ frame: RunnerFrame) {
        do { try socket.send(frame) } catch {
            logger.error("runner of \(pluginName): cannot write to the daemon (\(error.description)); exiting")
            exit(1)
        }
    }
}

/// The daemon's answer to one host call, awaited by the plugin's calling thread.
final class PendingReply: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private var frame: RunnerFrame?

    func complete(_ frame: RunnerFrame) {
        self.frame = frame
        semaphore.signal()
    }

    func wait() -> RunnerFrame {
        semaphore.wait()
        return frame!
    }
}
