import AIPluginABI
import Foundation

/// One socket dedicated to calls into a runner. A caller owns it for one call: it writes the call
/// and blocks reading the answer, which the runner's thread for this lane writes back. No thread
/// of the daemon stands in between.
final class CallLane: @unchecked Sendable {
    let fd: Int32
    let reader: LaneReader
    var scratch: [UInt8] = []

    init(fd: Int32) {
        self.fd = fd
        reader = LaneReader(fd: fd)
        scratch.reserveCapacity(256)
    }

    enum Exchange {
        /// The runner answered; `response` is filled.
        case answered(aip_status)
        /// No answer within the call timeout (SO_RCVTIMEO on the lane).
        case timedOut
        /// The lane closed or broke: the runner died or was killed.
        case broken(String)
    }

    /// Sends the call and reads the answer into `response` (body copied into memory the caller
    /// frees with `free`, as the ABI asks).
    func exchange(id: UInt64, _ request: UnsafePointer<aip_request>, _ response: UnsafeMutablePointer<aip_response>) -> Exchange {
        let r = request.pointee
        let body = UnsafeRawBufferPointer(start: r.data, count: r.data == nil ? 0 : r.len)
        let contentType = r.content_type.map(LaneFrames.field) ?? LaneFrames.field(ContentTypes.json)
        guard LaneFrames.write(fd, kind: .call, id: id, status: 0,
                               fields: (LaneFrames.field(r.capability), contentType, LaneFrames.field(r.caller)),
                               body: body, scratch: &scratch) else {
            return errno == EAGAIN ? .timedOut : .broken("cannot send the call: \(String(cString: strerror(errno)))")
        }
        switch reader.next() {
        case .frame(let reply):
            guard reply.kind == .reply, reply.id == id else {
                return .broken("the runner answered call \(id) with a \(reply.kind) frame for \(reply.id)")
            }
            if reply.body.count > 0 || reply.status == AIP_OK {
                guard let memory = malloc(max(reply.body.count, 1)) else { return .answered(AIP_ERR_RESOURCE_EXHAUSTED) }
                if reply.body.count > 0 { memcpy(memory, reply.body.baseAddress!, reply.body.count) }
                response.pointee.data = memory.assumingMemoryBound(to: UInt8.self)
                response.pointee.len = reply.body.count
                response.pointee.content_type = Self.contentType(reply.fields.0)
            }
            return .answered(reply.status)
        case .timedOut: return .timedOut
        case .closed: return .broken("the runner closed the call's connection")
        case .failed(let reason): return .broken(reason)
        }
    }

    /// The permanent C string for a content type read off the wire; JSON without a String.
    private static func contentType(_ field: LaneFrames.Field) -> UnsafePointer<CChar> {
        guard let pointer = field.pointer, field.count > 0 else { return ContentTypes.json }
        if field.count == 16, memcmp(pointer, ContentTypes.json, 16) == 0 { return ContentTypes.json }
        return ContentTypes.permanent(String(decoding: UnsafeRawBufferPointer(start: pointer, count: field.count), as: UTF8.self))
    }

    /// Whether the lane is readable now (a late answer arrived, or it closed).
    var isReadable: Bool {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&poller, 1, 0) > 0
    }
}

/// The lanes of one runner: idle ones wait on a stack; a caller finding none makes a new one (a
/// socket pair whose other end goes to the runner over the descriptor channel, fd 4 there) up to
/// `maximum`, beyond which callers wait for a lane to come back.
final class CallLanes: @unchecked Sendable {
    let maximum: Int
    private let channel: Int32
    private let timeout: Duration
    private let condition = NSCondition()
    private var idle: [CallLane] = []
    /// Every open lane, busy or idle, so an ending runner can wake the callers blocked on them.
    private var open: [Int32: CallLane] = [:]
    private var reserved = 0
    private var closed = false

    init(channel: Int32, maximum: Int, timeout: Duration) {
        self.channel = channel
        self.maximum = max(maximum, 1)
        self.timeout = timeout
    }

    enum Acquired {
        case lane(CallLane)
        case closed
        case busy
        case failed(String)
    }

    /// An idle lane, a new one, or (all `maximum` busy) the next one released within `timeout`.
    func acquire() -> Acquired {
        let deadline = Date(timeIntervalSinceNow: Double(timeout.milliseconds) / 1000)
        condition.lock()
        while true {
            if closed {
                condition.unlock()
                return .closed
            }
            if let lane = idle.popLast() {
                condition.unlock()
                return .lane(lane)
            }
            if open.count + reserved < maximum { break }
            if !condition.wait(until: deadline) {
                condition.unlock()
                return .busy
            }
        }
        reserved += 1
        condition.unlock()
        let made = makeLane()
        condition.lock()
        defer { condition.unlock() }
        reserved -= 1
        switch made {
        case .success(let lane):
            guard !closed else {
                close(lane.fd)
                return .closed
            }
            open[lane.fd] = lane
            return .lane(lane)
        case .failure(let error):
            condition.signal()
            return .failed(error.description)
        }
    }

    private func makeLane() -> Result<CallLane, RunnerProtocolError> {
        var pair: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
            return .failure(RunnerProtocolError("socketpair failed: \(String(cString: strerror(errno)))"))
        }
        // A blocked read or write gives up after the call timeout: that is the call's deadline.
        var value = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        setsockopt(pair[0], SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(pair[0], SOL_SOCKET, SO_SNDTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
        let handed = DescriptorPassing.send(pair[1], over: channel)
        close(pair[1])
        guard handed else {
            close(pair[0])
            return .failure(RunnerProtocolError("cannot hand a call lane to the runner: \(String(cString: strerror(errno)))"))
        }
        return .success(CallLane(fd: pair[0]))
    }

    /// A lane whose call completed cleanly goes back to the idle stack.
    func release(_ lane: CallLane) {
        condition.lock()
        defer { condition.unlock() }
        if closed || lane.reader.hasUnreadBytes {
            open[lane.fd] = nil
            close(lane.fd)
        } else {
            idle.append(lane)
        }
        condition.signal()
    }

    /// A lane that broke, or whose late answer arrived after its caller gave up, is closed (the
    /// runner's thread for it then ends).
    func retire(_ lane: CallLane) {
        condition.lock()
        defer { condition.unlock() }
        open[lane.fd] = nil
        close(lane.fd)
        condition.signal()
    }

    /// The runner is gone: idle lanes are closed, busy ones shut down so their callers wake.
    func closeAll() {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        for lane in idle {
            open[lane.fd] = nil
            close(lane.fd)
        }
        idle.removeAll()
        for lane in open.values { shutdown(lane.fd, Int32(SHUT_RDWR)) }
        // Shut down, not closed: a caller may be handing over a lane on it right now.
        shutdown(channel, Int32(SHUT_RDWR))
        condition.broadcast()
    }

    deinit { close(channel) }

    var openCount: Int { condition.withLock { open.count } }
}
