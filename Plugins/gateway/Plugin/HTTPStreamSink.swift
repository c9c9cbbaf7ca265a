import AIPConfig
import AIPluginKit
import Foundation
import GatewayCore
import Synchronization

/// A streamed response through the daemon's http plugin (`http.stream.send`): the first write
/// opens it (200, `text/event-stream`), every write goes to the client at once, and a failed
/// send means the client has gone — the sink closes, which makes the engine cancel the upstream
/// transfer. Only a write reveals a departed client, so while the engine is silent (guardrails
/// holding text back, a slow upstream) a comment line goes out every quarter second; the http
/// plugin learns from the failed write and fails the next send, so the upstream is cancelled
/// within about half a second of the client leaving.
final class HTTPStreamSink: ChatStreamSink, @unchecked Sendable {
    private let context: PluginContext
    private let stream: String
    private let closed = Atomic<Bool>(false)
    /// Serialises sends: the engine's writes and the heartbeat's.
    private let lock = NSLock()
    // Guarded by `lock`.
    private var isOpen = false
    private var lastSendMs: Int64 = 0
    private var heartbeat: DispatchSourceTimer?

    static let heartbeatMs = 250
    /// An SSE comment line: clients ignore it.
    static let comment: [UInt8] = Array(": keep-alive\n\n".utf8)

    init(context: PluginContext, stream: String) {
        self.context = context
        self.stream = stream
    }

    /// Whether anything was sent: after that, the status is fixed and an error can only end the stream.
    var opened: Bool { lock.withLock { isOpen } }

    var isClosed: Bool { closed.load(ordering: .acquiring) }

    func write(_ bytes: [UInt8]) -> Bool {
        lock.withLock { send(bytes) }
    }

    /// Stops the heartbeat; the handler returning ends the response.
    func end() {
        lock.withLock {
            heartbeat?.cancel()
            heartbeat = nil
        }
    }

    /// Holding `lock`.
    private func send(_ bytes: [UInt8]) -> Bool {
        guard !isClosed else { return false }
        var piece: [String: JSONValue] = ["stream": .string(stream), "data": .string(String(decoding: bytes, as: UTF8.self))]
        if !isOpen {
            piece["status"] = .int(200)
            piece["headers"] = .object(Dictionary(uniqueKeysWithValues: GatewayEndpoints.streamHeaders.map { ($0.name.lowercased(), JSONValue.string($0.value)) }))
        }
        let reply = context.callRaw("http.stream.send", body: JSONBody.bytes(.object(piece)))
        guard reply.status == .ok else {
            closed.store(true, ordering: .releasing)
            heartbeat?.cancel()
            heartbeat = nil
            return false
        }
        lastSendMs = Router.monotonicMs()
        if !isOpen {
            isOpen = true
            startHeartbeat()
        }
        return true
    }

    /// Holding `lock`.
    private func startHeartbeat() {
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + .milliseconds(Self.heartbeatMs), repeating: .milliseconds(Self.heartbeatMs))
        timer.setEventHandler { [weak self] in self?.beat() }
        heartbeat = timer
        timer.resume()
    }

    private func beat() {
        // A send under way (perhaps waiting for a slow client) is as good as a heartbeat.
        guard lock.try() else { return }
        defer { lock.unlock() }
        if heartbeat != nil, Router.monotonicMs() - lastSendMs >= Int64(Self.heartbeatMs - 50) {
            _ = send(Self.comment)
        }
    }
}
