import Foundation
import Synchronization

/// A loopback TCP server that answers each request with whatever bytes a test scripts, to drive
/// the gateway's HTTP client through framings and failures a well-behaved server never shows.
final class ScriptedUpstream: Sendable {
    enum Action: Sendable {
        /// Write these byte pieces (pausing `pauseMs` between them), then keep the connection.
        case reply([String], pauseMs: Int = 0)
        /// Write the pieces, then close the connection.
        case replyAndClose([String])
        /// Close the connection without a byte.
        case close
        /// Say nothing for this long, then close.
        case stall(ms: Int)
    }

    /// Requests seen: (connection number from 1, the raw request).
    let requests = Mutex<[(connection: Int, text: String)]>([])
    let port: Int
    private let listener: Int32
    private let script: @Sendable (Int) -> Action
    private let connections = Atomic<Int>(0)

    /// `script(n)` answers the n-th request (from 0), on whichever connection it arrives.
    init(script: @escaping @Sendable (Int) -> Action) throws {
        self.script = script
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(listener, pointer, length) == 0 && listen(listener, 16) == 0 && getsockname(listener, pointer, &length) == 0
            }
        }
        guard bound else { throw NSError(domain: "ScriptedUpstream", code: Int(errno)) }
        self.listener = listener
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    var url: String { "http://127.0.0.1:\(port)/v1/chat/completions" }

    func stop() { shutdown(listener, Int32(SHUT_RDWR)) }

    private func acceptLoop() {
        while true {
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else {
                if errno == EINTR { continue }
                close(listener)
                return
            }
            let number = connections.add(1, ordering: .relaxed).newValue
            let thread = Thread { [self] in serve(fd, connection: number) }
            thread.start()
        }
    }

    private func serve(_ fd: Int32, connection: Int) {
        defer { close(fd) }
        var pending: [UInt8] = []
        while true {
            // A request: the head, then Content-Length bytes.
            var headEnd: Int?
            while headEnd == nil {
                if let found = Self.find([13, 10, 13, 10], in: pending) {
                    headEnd = found + 4
                } else if !read(fd, into: &pending) {
                    return
                }
            }
            let head = String(decoding: pending[..<headEnd!], as: UTF8.self)
            let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
            while pending.count < headEnd! + length {
                guard read(fd, into: &pending) else { return }
            }
            let text = String(decoding: pending[..<(headEnd! + length)], as: UTF8.self)
            pending.removeFirst(headEnd! + length)
            let index = requests.withLock { requests -> Int in
                requests.append((connection, text))
                return requests.count - 1
            }
            switch script(index) {
            case .reply(let pieces, let pauseMs):
                for (number, piece) in pieces.enumerated() {
                    if number > 0, pauseMs > 0 { usleep(UInt32(pauseMs * 1000)) }
                    guard write(fd, piece) else { return }
                }
            case .replyAndClose(let pieces):
                for piece in pieces { _ = write(fd, piece) }
                return
            case .close:
                return
            case .stall(let ms):
                usleep(UInt32(ms * 1000))
                return
            }
        }
    }

    private func read(_ fd: Int32, into pending: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let count = recv(fd, &chunk, chunk.count, 0)
        guard count > 0 else { return false }
        pending += chunk[0..<count]
        return true
    }

    private func write(_ fd: Int32, _ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        return (0...(bytes.count - needle.count)).first { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
