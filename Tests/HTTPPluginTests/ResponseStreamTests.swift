import Foundation
import HTTPCore
import XCTest

/// The hand-over between a streaming route's handler (blocking sends) and the request (async reads).
final class ResponseStreamTests: XCTestCase {
    func testTheFirstSendOpensTheStreamAndChunksArriveInOrderUntilTheHandlerReturns() async throws {
        let stream = ResponseStream(id: "s", owner: "gateway")
        Thread.detachNewThread {
            try? stream.send(status: 201, headers: ["content-type": "text/event-stream"], data: Array("a".utf8))
            try? stream.send(status: nil, headers: nil, data: Array("b".utf8))
            stream.complete(status: 200, contentType: "application/json", body: Array("ignored".utf8))
        }
        let head = await stream.awaitHead()
        XCTAssertEqual(head, .stream(status: 201, headers: ["content-type": "text/event-stream"]))
        var body = ""
        while let chunk = await stream.nextChunk() { body += String(decoding: chunk, as: UTF8.self) }
        XCTAssertEqual(body, "ab", "the handler's own reply is not appended once streaming began")
        XCTAssertThrowsError(try stream.send(status: nil, headers: nil, data: [1])) { error in
            XCTAssertEqual(error as? ResponseStream.SendError, .finished)
        }
    }

    func testAHandlerThatSendsNothingAnswersWithItsReply() async {
        let stream = ResponseStream(id: "s", owner: "gateway")
        stream.complete(status: 429, contentType: "application/json", body: Array("{}".utf8))
        let head = await stream.awaitHead()
        XCTAssertEqual(head, .reply(status: 429, contentType: "application/json", body: Array("{}".utf8)))
    }

    func testAFullBufferMakesTheSenderWaitAndASlowClientFailsIt() async throws {
        let stream = ResponseStream(id: "s", owner: "gateway", maxBufferedBytes: 4, sendTimeout: 0.2)
        try stream.send(status: nil, headers: nil, data: Array("1234".utf8))
        let started = Date()
        XCTAssertThrowsError(try stream.send(status: nil, headers: nil, data: Array("5".utf8))) { error in
            XCTAssertEqual(error as? ResponseStream.SendError, .slowClient(seconds: 0.2))
        }
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.19, "the sender waited for room")
        // Reading makes room: a waiting sender goes on.
        let sent = expectation(description: "second send")
        Thread.detachNewThread {
            if (try? stream.send(status: nil, headers: nil, data: Array("5".utf8))) != nil { sent.fulfill() }
        }
        let first = await stream.nextChunk()
        XCTAssertEqual(first, Array("1234".utf8))
        await fulfillment(of: [sent], timeout: 5)
    }

    func testAClientThatLeftFailsTheNextSendAndEndsTheBody() async {
        let stream = ResponseStream(id: "s", owner: "gateway")
        XCTAssertNoThrow(try stream.send(status: nil, headers: nil, data: Array("x".utf8)))
        stream.clientLeft()
        XCTAssertThrowsError(try stream.send(status: nil, headers: nil, data: Array("y".utf8))) { error in
            XCTAssertEqual(error as? ResponseStream.SendError, .clientGone)
        }
        let chunk = await stream.nextChunk()
        XCTAssertNil(chunk)
        XCTAssertTrue(stream.clientHasLeft)
    }

    func testRoutesNameTheirOwnerAndStreamIDsAreUnguessable() {
        XCTAssertEqual(RouteTable.Route(method: "POST", path: "/v1/chat", capability: "gateway.chat", stream: true).owner, "gateway")
        let ids = Set((0..<100).map { _ in ResponseStreams.newID() })
        XCTAssertEqual(ids.count, 100)
        XCTAssertTrue(ids.allSatisfy { $0.count == 32 })
    }
}
