import AIPConfig
import AIPEvents
import AIPHost
import AIPluginABI
import Foundation
import Logging

/// The runner's side of the socket: one reader (this thread) that answers pings at once and hands
/// calls to worker threads, so a slow or stuck call never stops the daemon from seeing it alive.
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
        case .call: DispatchQueue.global().async { [self] in answer(frame) }
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

    private func answer(_ frame: RunnerFrame) {
        guard let host = state.withLock({ host }) else {
            return send(RunnerFrame(.reply, id: frame.id, status: AIP_ERR_UNAVAILABLE,
                                    body: Array(#"{"error":{"code":"unavailable","message":"the plugin has not started yet"}}"#.utf8)))
        }
        let result = host.call(frame.field(0), body: frame.body,
                               contentType: frame.field(1).isEmpty ? "application/json" : frame.field(1),
                               caller: frame.field(2).isEmpty ? "host" : frame.field(2))
        send(RunnerFrame(.reply, id: frame.id, status: result.status, fields: [result.contentType], body: result.body))
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
