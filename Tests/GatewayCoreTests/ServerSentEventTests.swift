@testable import GatewayCore
import XCTest

final class ServerSentEventTests: XCTestCase {
    func testEventsSplitAnywhereAndAllLineEnds() {
        let wire = Array("event: message_start\r\ndata: {\"a\":1}\r\n\r\n: comment\n\ndata: line one\ndata: line two\n\ndata: [DONE]\r\r".utf8)
        // Every split point gives the same events.
        for split in 0...wire.count {
            var parser = ServerSentEventParser()
            let events = parser.feed(wire[..<split]) + parser.feed(wire[split...]) + parser.finish()
            XCTAssertEqual(events, [ServerSentEvent(event: "message_start", data: "{\"a\":1}"),
                                    ServerSentEvent(data: "line one\nline two"), ServerSentEvent(data: "[DONE]")], "split at \(split)")
        }
    }

    func testAnUnterminatedLastEventIsDeliveredAtTheEnd() {
        var parser = ServerSentEventParser()
        XCTAssertEqual(parser.feed(Array("data: tail".utf8)), [])
        XCTAssertEqual(parser.finish(), [ServerSentEvent(data: "tail")])
    }

    func testWireForm() {
        XCTAssertEqual(String(decoding: ServerSentEvent(event: "x", data: "a\nb").wire, as: UTF8.self), "event: x\ndata: a\ndata: b\n\n")
        XCTAssertEqual(String(decoding: ServerSentEvent.data(Array("{}".utf8)), as: UTF8.self), "data: {}\n\n")
    }
}
