import Foundation

/// One message between the daemon and an `aip-plugin-runner` child. The frames carry exactly what
/// the C ABI carries (capability, content type, caller, bytes, status), so a call crosses the
/// socket unchanged: `[u32 length][u8 kind][u64 id][i32 status]` then three length-prefixed
/// UTF-8 fields and the body, all little-endian.
public struct RunnerFrame: Sendable, Equatable {
    public enum Kind: UInt8, Sendable {
        /// runner → daemon: the plugin's descriptor (JSON `RunnerDescriptor`).
        case hello = 1
        /// daemon → runner: config section and the providers of its requirements (JSON `RunnerSetup`).
        case setup
        /// runner → daemon: the plugin started (status OK) or why it did not (status + message).
        case started
        /// daemon → runner, on a call lane: a call (fields: capability, content type, caller).
        case call
        /// runner → daemon, on the same lane: the answer to `call` with the same id (field 0: content type).
        case reply
        /// runner → daemon: the plugin calls a capability through the host table.
        case hostCall
        /// daemon → runner: the answer to `hostCall`.
        case hostReply
        /// runner → daemon: the plugin published an event (fields: topic, content type).
        case publish
        /// daemon → runner: an event the plugin subscribed to (fields: topic, content type, source).
        case event
        case ping
        case pong
        /// daemon → runner: the caller gave up on call `id` (its deadline passed).
        case cancel
        /// daemon → runner: stop the plugin and exit.
        case stop
    }

    public var kind: Kind
    public var id: UInt64
    public var status: Int32
    public var fields: [String]
    public var body: [UInt8]

    public init(_ kind: Kind, id: UInt64 = 0, status: Int32 = 0, fields: [String] = [], body: [UInt8] = []) {
        self.kind = kind
        self.id = id
        self.status = status
        self.fields = fields
        self.body = body
    }

    public func field(_ index: Int) -> String { index < fields.count ? fields[index] : "" }

    /// Frames larger than this are refused on both sides (a corrupt length must not allocate GiBs).
    public static let maximumSize = 64 << 20

    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        let fieldBytes = (0..<3).map { Array(field($0).utf8) }
        let length = 1 + 8 + 4 + fieldBytes.reduce(0) { $0 + 4 + $1.count } + body.count
        out.reserveCapacity(4 + length)
        Self.append(UInt32(length), to: &out)
        out.append(kind.rawValue)
        Self.append(id, to: &out)
        Self.append(UInt32(bitPattern: status), to: &out)
        for bytes in fieldBytes {
            Self.append(UInt32(bytes.count), to: &out)
            out += bytes
        }
        out += body
        return out
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out += $0 }
    }

    /// Decodes one frame from `bytes` (everything after the length prefix).
    public static func decode(_ bytes: ArraySlice<UInt8>) throws(RunnerProtocolError) -> RunnerFrame {
        var cursor = bytes.startIndex
        func take(_ count: Int) throws(RunnerProtocolError) -> ArraySlice<UInt8> {
            guard count >= 0, bytes.endIndex - cursor >= count else { throw RunnerProtocolError("truncated frame") }
            defer { cursor += count }
            return bytes[cursor..<cursor + count]
        }
        func integer<T: FixedWidthInteger>(_: T.Type) throws(RunnerProtocolError) -> T {
            let slice = try take(MemoryLayout<T>.size)
            var value = T.zero
            for (shift, byte) in slice.enumerated() { value |= T(byte) << (8 * shift) }
            return value
        }
        let rawKind = try integer(UInt8.self)
        guard let kind = Kind(rawValue: rawKind) else { throw RunnerProtocolError("unknown frame kind \(rawKind)") }
        let id = try integer(UInt64.self)
        let status = Int32(bitPattern: try integer(UInt32.self))
        var fields: [String] = []
        for _ in 0..<3 {
            let count = Int(try integer(UInt32.self))
            fields.append(String(decoding: try take(count), as: UTF8.self))
        }
        return RunnerFrame(kind, id: id, status: status, fields: fields, body: Array(bytes[cursor...]))
    }
}

public struct RunnerProtocolError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A connected stream socket carrying frames. Sends are serialised by a lock; receiving is done by
/// one reader thread.
public final class FrameSocket: @unchecked Sendable {
    public let fd: Int32
    private let writeLock = NSLock()
    private var buffer: [UInt8] = []
    private var start = 0

    public init(fd: Int32) { self.fd = fd }

    /// Bounds how long a send may block on a peer that stopped reading.
    public func setSendTimeout(_ duration: Duration) {
        var value = timeval(tv_sec: Int(duration.components.seconds),
                            tv_usec: Int(duration.components.attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    public func send(_ frame: RunnerFrame) throws(RunnerProtocolError) {
        let bytes = frame.encoded()
        writeLock.lock()
        defer { writeLock.unlock() }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if written < 0 {
                if errno == EINTR { continue }
                throw RunnerProtocolError(errno == EAGAIN ? "the peer stopped reading (send timed out)" : "send failed: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    /// The next frame, or nil at end of stream.
    public func receive() throws(RunnerProtocolError) -> RunnerFrame? {
        while true {
            if buffer.count - start >= 4 {
                let length = Int(UInt32(buffer[start]) | UInt32(buffer[start + 1]) << 8 | UInt32(buffer[start + 2]) << 16 | UInt32(buffer[start + 3]) << 24)
                guard length <= RunnerFrame.maximumSize else { throw RunnerProtocolError("frame of \(length) bytes exceeds the limit") }
                if buffer.count - start - 4 >= length {
                    let frame = try RunnerFrame.decode(buffer[(start + 4)..<(start + 4 + length)])
                    start += 4 + length
                    if start == buffer.count {
                        buffer.removeAll(keepingCapacity: true)
                        start = 0
                    }
                    return frame
                }
            }
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw RunnerProtocolError("read failed: \(String(cString: strerror(errno)))")
            }
            if count == 0 { return nil }
            buffer += chunk[0..<count]
        }
    }

    public func close() {
        shutdown(fd, Int32(SHUT_RDWR))
        Glibc.close(fd)
    }
}
