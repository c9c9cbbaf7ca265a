import AIPHost
import Foundation
import XCTest

/// The wire under isolated calls: lane frames and descriptor passing, on real sockets.
final class CallLaneTests: XCTestCase {
    private func socketPair(_ type: Int32) throws -> (Int32, Int32) {
        var pair: [Int32] = [0, 0]
        XCTAssertEqual(socketpair(AF_UNIX, type, 0, &pair), 0, String(cString: strerror(errno)))
        return (pair[0], pair[1])
    }

    private static func write(_ fd: Int32, _ kind: RunnerFrame.Kind, id: UInt64, status: Int32 = 0, fields: [String], body: [UInt8]) -> Bool {
        var scratch: [UInt8] = []
        return fields[0].withCString { a in
            fields[1].withCString { b in
                fields[2].withCString { c in
                    body.withUnsafeBytes { bytes in
                        LaneFrames.write(fd, kind: kind, id: id, status: status,
                                         fields: (LaneFrames.field(a), LaneFrames.field(b), LaneFrames.field(c)),
                                         body: bytes, scratch: &scratch)
                    }
                }
            }
        }
    }

    func testFramesRoundTripOneByOneBackToBackAndLarge() throws {
        let (a, b) = try socketPair(Int32(SOCK_STREAM.rawValue))
        defer { close(a); close(b) }
        let reader = LaneReader(fd: b, initialCapacity: 16)
        XCTAssertTrue(Self.write(a, .call, id: 7, fields: ["fx.echo", "application/json", "http"], body: Array(#"{"x":1}"#.utf8)))
        XCTAssertTrue(Self.write(a, .reply, id: 8, status: 5, fields: ["text/plain", "", ""], body: []))
        guard case .frame(let call) = reader.next() else { return XCTFail("no call frame") }
        XCTAssertEqual(call.kind, .call)
        XCTAssertEqual(call.id, 7)
        XCTAssertEqual([call.text(call.fields.0), call.text(call.fields.1), call.text(call.fields.2)], ["fx.echo", "application/json", "http"])
        XCTAssertEqual(Array(call.body), Array(#"{"x":1}"#.utf8))
        XCTAssertTrue(reader.hasUnreadBytes, "the second frame arrived with the first")
        guard case .frame(let reply) = reader.next() else { return XCTFail("no second frame") }
        XCTAssertEqual(reply.kind, .reply)
        XCTAssertEqual(reply.status, 5)
        XCTAssertEqual(reply.text(reply.fields.0), "text/plain")
        XCTAssertEqual(reply.body.count, 0)
        XCTAssertFalse(reader.hasUnreadBytes)

        // Larger than the socket buffer: the writer blocks until the reader drains it.
        let large = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let sent = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var written = false
        let writer = Thread {
            written = Self.write(a, .reply, id: 9, fields: ["", "", ""], body: large)
            sent.signal()
        }
        writer.start()
        guard case .frame(let big) = reader.next() else { return XCTFail("no large frame") }
        XCTAssertEqual(big.id, 9)
        XCTAssertEqual(Array(big.body), large)
        XCTAssertEqual(sent.wait(timeout: .now() + 5), .success)
        XCTAssertTrue(written)

        // A stream that ends inside a frame is an error, not a frame; a clean end is `closed`.
        let header: [UInt8] = [100, 0, 0, 0, 4]
        XCTAssertEqual(header.withUnsafeBytes { Glibc.write(a, $0.baseAddress, $0.count) }, 5)
        shutdown(a, Int32(SHUT_WR))
        guard case .failed = reader.next() else { return XCTFail("a truncated frame was accepted") }
    }

    func testAnOutOfBoundsLengthIsRefusedAndACleanEndIsClosed() throws {
        let (a, b) = try socketPair(Int32(SOCK_STREAM.rawValue))
        defer { close(b) }
        let huge: [UInt8] = [0xff, 0xff, 0xff, 0x7f]
        XCTAssertEqual(huge.withUnsafeBytes { Glibc.write(a, $0.baseAddress, $0.count) }, 4)
        guard case .failed(let reason) = LaneReader(fd: b).next() else { return XCTFail("an absurd length was accepted") }
        XCTAssertTrue(reason.contains("out of bounds"), reason)
        let (c, d) = try socketPair(Int32(SOCK_STREAM.rawValue))
        defer { close(d) }
        close(c)
        close(a)
        guard case .closed = LaneReader(fd: d).next() else { return XCTFail("a clean end is not `closed`") }
    }

    func testDescriptorsCrossAUnixSocket() throws {
        let (a, b) = try socketPair(Int32(SOCK_SEQPACKET.rawValue))
        var pipeEnds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&pipeEnds), 0)
        defer { close(pipeEnds[0]) }
        XCTAssertTrue(DescriptorPassing.send(pipeEnds[1], over: a))
        close(pipeEnds[1])
        let received = try XCTUnwrap(DescriptorPassing.receive(from: b))
        XCTAssertEqual(fcntl(received, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC, "received descriptors are close-on-exec")
        XCTAssertEqual(Glibc.write(received, "hi", 2), 2)
        close(received)
        var buffer = [UInt8](repeating: 0, count: 4)
        XCTAssertEqual(read(pipeEnds[0], &buffer, 4), 2)
        XCTAssertEqual(Array(buffer[0..<2]), Array("hi".utf8))
        close(a)
        XCTAssertNil(DescriptorPassing.receive(from: b), "nil once the channel closed")
        close(b)
    }
}
