import Foundation

/// One streamed response of a plugin route registered with `"stream": true`.
///
/// The route's handler capability runs on a thread of its own and, while it runs, sends the
/// response head and body chunks through `http.stream.send`; the request's task waits for the
/// head (or for the handler's plain reply when it sent nothing) and then writes the chunks to the
/// client as they come. The handler is a plugin thread and may block, so the buffer between the
/// two is bounded by making `send` wait; a client that left makes every later `send` fail, which
/// is how the handler learns to stop (and cancel its own upstream work).
public final class ResponseStream: @unchecked Sendable {
    /// What the request answers with: a streamed head, or the handler's reply as a whole.
    public enum Head: Sendable, Equatable {
        case stream(status: Int, headers: [String: String])
        case reply(status: Int, contentType: String, body: [UInt8])
    }

    public enum SendError: Error, Equatable, CustomStringConvertible {
        case clientGone
        case finished
        case slowClient(seconds: Double)

        public var description: String {
            switch self {
            case .clientGone: "the client closed the connection"
            case .finished: "the response is already complete"
            case .slowClient(let seconds): "the client read nothing for \(seconds) s while the buffer was full"
            }
        }
    }

    public let id: String
    /// The plugin whose route this is: only it may send.
    public let owner: String
    private let maxBufferedBytes: Int
    private let sendTimeout: Double

    private let condition = NSCondition()
    // Guarded by `condition`.
    private var head: Head?
    private var headWaiter: CheckedContinuation<Head, Never>?
    private var chunks: [[UInt8]] = []
    private var buffered = 0
    private var chunkWaiter: CheckedContinuation<[UInt8]?, Never>?
    private var ended = false
    private var gone = false

    public init(id: String, owner: String, maxBufferedBytes: Int = 1 << 20, sendTimeout: Double = 30) {
        self.id = id
        self.owner = owner
        self.maxBufferedBytes = maxBufferedBytes
        self.sendTimeout = sendTimeout
    }

    // MARK: The handler's side (plugin threads; may block)

    /// The first send fixes the status (default 200) and headers; `data` is appended to the body.
    /// Blocks while the buffer is full; throws once the client has gone or the handler returned.
    public func send(status: Int?, headers: [String: String]?, data: [UInt8]) throws(SendError) {
        condition.lock()
        defer { condition.unlock() }
        if gone { throw .clientGone }
        if ended { throw .finished }
        if head == nil {
            let opened = Head.stream(status: status ?? 200, headers: headers ?? [:])
            head = opened
            headWaiter?.resume(returning: opened)
            headWaiter = nil
        }
        guard !data.isEmpty else { return }
        if let waiter = chunkWaiter, chunks.isEmpty {
            chunkWaiter = nil
            waiter.resume(returning: data)
            return
        }
        let deadline = Date(timeIntervalSinceNow: sendTimeout)
        while buffered > 0 && buffered + data.count > maxBufferedBytes && !gone {
            guard condition.wait(until: deadline) else { throw .slowClient(seconds: sendTimeout) }
        }
        if gone { throw .clientGone }
        chunks.append(data)
        buffered += data.count
    }

    /// The handler returned: with nothing sent its reply is the response; else the body ends here.
    public func complete(status: Int, contentType: String, body: [UInt8]) {
        condition.lock()
        defer { condition.unlock() }
        if head == nil {
            let reply = Head.reply(status: status, contentType: contentType, body: body)
            head = reply
            headWaiter?.resume(returning: reply)
            headWaiter = nil
        }
        ended = true
        if chunks.isEmpty, let waiter = chunkWaiter {
            chunkWaiter = nil
            waiter.resume(returning: nil)
        }
        condition.broadcast()
    }

    // MARK: The request's side (async)

    public func awaitHead() async -> Head {
        await withCheckedContinuation { continuation in
            condition.lock()
            defer { condition.unlock() }
            if let head { continuation.resume(returning: head) } else { headWaiter = continuation }
        }
    }

    /// The next chunk of the body, or nil at its end (or when the client left).
    public func nextChunk() async -> [UInt8]? {
        await withCheckedContinuation { continuation in
            condition.lock()
            defer { condition.unlock() }
            if !chunks.isEmpty {
                let chunk = chunks.removeFirst()
                buffered -= chunk.count
                condition.broadcast()
                continuation.resume(returning: chunk)
            } else if ended || gone {
                continuation.resume(returning: nil)
            } else {
                chunkWaiter = continuation
            }
        }
    }

    /// The connection failed or the server is stopping: later sends fail, the body ends.
    public func clientLeft() {
        condition.lock()
        defer { condition.unlock() }
        gone = true
        chunks.removeAll()
        buffered = 0
        chunkWaiter?.resume(returning: nil)
        chunkWaiter = nil
        condition.broadcast()
    }

    public var clientHasLeft: Bool {
        condition.lock()
        defer { condition.unlock() }
        return gone
    }
}

/// The streams open now, by id, for `http.stream.send` to find.
public final class ResponseStreams: @unchecked Sendable {
    private let lock = NSLock()
    private var open: [String: ResponseStream] = [:]

    public init() {}

    public func add(_ stream: ResponseStream) {
        lock.withLock { open[stream.id] = stream }
    }

    public func remove(_ id: String) {
        lock.withLock { _ = open.removeValue(forKey: id) }
    }

    public func find(_ id: String) -> ResponseStream? {
        lock.withLock { open[id] }
    }

    /// Ends every stream (the server is stopping).
    public func closeAll() {
        for stream in lock.withLock({ Array(open.values) }) { stream.clientLeft() }
    }

    /// A fresh unguessable id: a stream id lets its holder write to a client.
    public static func newID() -> String {
        // 128 random bits in hex; String(format:) here once cost 8 % of a routed request's CPU.
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8](repeating: 0, count: 32)
        for half in 0..<2 {
            var bits = generator.next()
            for index in 0..<16 {
                text[half * 16 + index] = digits[Int(bits & 0xF)]
                bits >>= 4
            }
        }
        return String(decoding: text, as: UTF8.self)
    }
}
