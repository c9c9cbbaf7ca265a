import Foundation

/// Frames on a call lane, in `RunnerFrame`'s wire format, written and read without building a
/// `RunnerFrame`: the fields come from C strings, the body from the caller's buffer, and what is
/// read stays in the reader's buffer. A call costs one `writev` and, usually, one `read` per side.
public enum LaneFrames {
    /// A borrowed field: pointer and length (no NUL needed).
    public typealias Field = (pointer: UnsafeRawPointer?, count: Int)

    /// An empty field.
    public static var empty: Field { (nil, 0) }

    public static func field(_ text: UnsafePointer<CChar>?) -> Field {
        guard let text else { return (nil, 0) }
        return (UnsafeRawPointer(text), strlen(text))
    }

    /// Writes one frame with `writev` (header from `scratch`, body in place); false when the peer
    /// is gone or the send timed out.
    public static func write(_ fd: Int32, kind: RunnerFrame.Kind, id: UInt64, status: Int32, fields: (Field, Field, Field),
                             body: UnsafeRawBufferPointer, scratch: inout [UInt8]) -> Bool {
        scratch.removeAll(keepingCapacity: true)
        let fieldList = [fields.0, fields.1, fields.2]
        let length = 1 + 8 + 4 + fieldList.reduce(0) { $0 + 4 + $1.count } + body.count
        guard length <= RunnerFrame.maximumSize else { return false }
        append(UInt32(length), to: &scratch)
        scratch.append(kind.rawValue)
        append(id, to: &scratch)
        append(UInt32(bitPattern: status), to: &scratch)
        for field in fieldList {
            append(UInt32(field.count), to: &scratch)
            if let pointer = field.pointer, field.count > 0 {
                scratch.append(contentsOf: UnsafeRawBufferPointer(start: pointer, count: field.count))
            }
        }
        return scratch.withUnsafeBytes { header in
            writeAll(fd, header, body)
        }
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    /// `writev` of two buffers, finishing partial writes.
    private static func writeAll(_ fd: Int32, _ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> Bool {
        var parts = [first, second].filter { $0.count > 0 }
        while !parts.isEmpty {
            var vectors = parts.map { iovec(iov_base: UnsafeMutableRawPointer(mutating: $0.baseAddress), iov_len: $0.count) }
            let written = writev(fd, &vectors, Int32(vectors.count))
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            var remaining = written
            while remaining > 0, let head = parts.first {
                if remaining >= head.count {
                    remaining -= head.count
                    parts.removeFirst()
                } else {
                    parts[0] = UnsafeRawBufferPointer(rebasing: head[remaining...])
                    remaining = 0
                }
            }
        }
        return true
    }
}

/// Reads frames from one lane into a buffer of its own. A frame it returns stays valid until the
/// next `next()`.
public final class LaneReader {
    public struct Frame {
        public let kind: RunnerFrame.Kind
        public let id: UInt64
        public let status: Int32
        public let fields: (LaneFrames.Field, LaneFrames.Field, LaneFrames.Field)
        public let body: UnsafeRawBufferPointer

        /// A field as text (allocates; for error paths and names).
        public func text(_ field: LaneFrames.Field) -> String {
            guard let pointer = field.pointer, field.count > 0 else { return "" }
            return String(decoding: UnsafeRawBufferPointer(start: pointer, count: field.count), as: UTF8.self)
        }
    }

    public enum Outcome {
        case frame(Frame)
        /// End of stream with no partial frame.
        case closed
        /// The receive timeout (SO_RCVTIMEO) passed before a whole frame arrived.
        case timedOut
        case failed(String)
    }

    public let fd: Int32
    private var buffer: UnsafeMutableRawBufferPointer
    /// Bytes [start, end) are read and not yet returned.
    private var start = 0
    private var end = 0

    public init(fd: Int32, initialCapacity: Int = 4096) {
        self.fd = fd
        buffer = .allocate(byteCount: initialCapacity, alignment: 8)
    }

    deinit { buffer.deallocate() }

    /// Whether bytes beyond the last frame returned are waiting (a lane that has them is out of step).
    public var hasUnreadBytes: Bool { end > start }

    public func next() -> Outcome {
        while true {
            if end - start >= 4 {
                let length = Int(buffer.loadUnaligned(fromByteOffset: start, as: UInt32.self).littleEndian)
                guard length <= RunnerFrame.maximumSize, length >= 1 + 8 + 4 + 12 else {
                    return .failed("a frame of \(length) bytes is out of bounds")
                }
                if end - start - 4 >= length {
                    let frameStart = start + 4
                    start = frameStart + length
                    if start == end { start = 0; end = 0 }
                    return decode(UnsafeRawBufferPointer(rebasing: buffer[frameStart..<(frameStart + length)]))
                }
                reserve(4 + length)
            }
            if end == buffer.count { reserve(end - start + 4096) }
            let count = read(fd, buffer.baseAddress! + end, buffer.count - end)
            if count > 0 {
                end += count
                continue
            }
            if count == 0 { return end == start ? .closed : .failed("the stream ended inside a frame") }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .timedOut
            default: return .failed(String(cString: strerror(errno)))
            }
        }
    }

    /// Room for `bytes` from `start`: moves the unread bytes to the front, grows when needed.
    private func reserve(_ bytes: Int) {
        if start > 0 {
            if end > start { memmove(buffer.baseAddress!, buffer.baseAddress! + start, end - start) }
            end -= start
            start = 0
        }
        guard bytes > buffer.count else { return }
        var capacity = buffer.count
        while capacity < bytes { capacity *= 2 }
        let grown = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 8)
        if end > 0 { grown.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: end) }
        buffer.deallocate()
        buffer = grown
    }

    private func decode(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        var cursor = 0
        func integer<T: FixedWidthInteger>(_: T.Type) -> T? {
            guard bytes.count - cursor >= MemoryLayout<T>.size else { return nil }
            defer { cursor += MemoryLayout<T>.size }
            return T(littleEndian: bytes.loadUnaligned(fromByteOffset: cursor, as: T.self))
        }
        func field() -> LaneFrames.Field? {
            guard let count = integer(UInt32.self).map(Int.init), bytes.count - cursor >= count else { return nil }
            defer { cursor += count }
            return (bytes.baseAddress! + cursor, count)
        }
        guard let rawKind = integer(UInt8.self), let kind = RunnerFrame.Kind(rawValue: rawKind) else {
            return .failed("unknown frame kind")
        }
        guard let id = integer(UInt64.self), let status = integer(UInt32.self),
              let first = field(), let second = field(), let third = field() else { return .failed("truncated frame") }
        return .frame(Frame(kind: kind, id: id, status: Int32(bitPattern: status), fields: (first, second, third),
                            body: UnsafeRawBufferPointer(rebasing: bytes[cursor...])))
    }
}

/// Passing a descriptor over a Unix socket (SCM_RIGHTS): how the daemon hands the runner a new
/// call lane without restarting it.
public enum DescriptorPassing {
    private static var headerSize: Int { align(MemoryLayout<cmsghdr>.size) }
    private static var controlSize: Int { headerSize + align(MemoryLayout<Int32>.size) }
    private static func align(_ size: Int) -> Int { (size + MemoryLayout<Int>.size - 1) & ~(MemoryLayout<Int>.size - 1) }

    /// Sends `descriptor` over `channel`; false when the peer is gone.
    public static func send(_ descriptor: Int32, over channel: Int32) -> Bool {
        let control = UnsafeMutableRawPointer.allocate(byteCount: controlSize, alignment: MemoryLayout<Int>.alignment)
        defer { control.deallocate() }
        memset(control, 0, controlSize)
        let header = control.assumingMemoryBound(to: cmsghdr.self)
        header.pointee.cmsg_len = headerSize + MemoryLayout<Int32>.size
        header.pointee.cmsg_level = SOL_SOCKET
        header.pointee.cmsg_type = Int32(SCM_RIGHTS)
        (control + headerSize).storeBytes(of: descriptor, as: Int32.self)
        var byte: UInt8 = 1
        return withUnsafeMutableBytes(of: &byte) { payload in
            var vector = iovec(iov_base: payload.baseAddress, iov_len: 1)
            return withUnsafeMutablePointer(to: &vector) { vectorPointer in
                var message = msghdr()
                message.msg_iov = vectorPointer
                message.msg_iovlen = 1
                message.msg_control = control
                message.msg_controllen = controlSize
                while true {
                    let sent = sendmsg(channel, &message, Int32(MSG_NOSIGNAL))
                    if sent == 1 { return true }
                    if sent < 0 && errno == EINTR { continue }
                    return false
                }
            }
        }
    }

    /// The next descriptor sent over `channel` (close-on-exec), or nil once the channel closed.
    public static func receive(from channel: Int32) -> Int32? {
        let control = UnsafeMutableRawPointer.allocate(byteCount: controlSize, alignment: MemoryLayout<Int>.alignment)
        defer { control.deallocate() }
        var byte: UInt8 = 0
        while true {
            memset(control, 0, controlSize)
            let received: Int = withUnsafeMutableBytes(of: &byte) { payload in
                var vector = iovec(iov_base: payload.baseAddress, iov_len: 1)
                return withUnsafeMutablePointer(to: &vector) { vectorPointer in
                    var message = msghdr()
                    message.msg_iov = vectorPointer
                    message.msg_iovlen = 1
                    message.msg_control = control
                    message.msg_controllen = controlSize
                    let count = recvmsg(channel, &message, Int32(MSG_CMSG_CLOEXEC))
                    return count > 0 && message.msg_controllen >= headerSize + MemoryLayout<Int32>.size ? count : (count > 0 ? -2 : count)
                }
            }
            if received > 0 {
                let header = control.assumingMemoryBound(to: cmsghdr.self)
                guard header.pointee.cmsg_level == SOL_SOCKET, header.pointee.cmsg_type == Int32(SCM_RIGHTS) else { continue }
                return (control + headerSize).load(as: Int32.self)
            }
            if received == -2 { continue } // a byte without a descriptor: ignore it
            if received < 0 && errno == EINTR { continue }
            return nil
        }
    }
}
