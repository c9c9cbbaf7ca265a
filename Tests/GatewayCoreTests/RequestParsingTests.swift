import AIPConfig
@testable import GatewayCore
import XCTest

final class RequestParsingTests: XCTestCase {
    func parse(_ text: String) throws -> ChatRequest {
        try ChatRequest(json: try JSONParser.parse(text))
    }

    func testChatRequestKeepsUnknownFieldsAndTakesOutTheGatewaysOwn() throws {
        let request = try parse(#"""
            {"model": "m", "stream": true, "stream_options": {"include_usage": true}, "tools": [{"type": "function", "function": {"name": "f"}}],
             "response_format": {"type": "json_object"}, "messages": [{"role": "user", "content": "hi"}],
             "guardrails_policy": "strict", "metadata": {"project": "alpha", "user": "ada"}, "prompt_key": "k"}
            """#)
        XCTAssertEqual(request.model, "m")
        XCTAssertTrue(request.stream)
        XCTAssertTrue(request.includeUsage)
        XCTAssertEqual(request.guardrailsPolicy, "strict")
        XCTAssertEqual(request.project, "alpha")
        XCTAssertEqual(request.user, "ada")
        XCTAssertEqual(request.promptKey, "k")
        XCTAssertNotNil(request.body["tools"])
        XCTAssertNotNil(request.body["response_format"])
        XCTAssertNil(request.body["guardrails_policy"])
        XCTAssertNil(request.body["metadata"])
        let upstream = request.body(forModel: "real")
        XCTAssertEqual(upstream["model"], "real")
        XCTAssertEqual(upstream["stream_options"]?["include_usage"], true)
    }

    func testStreamOptionsAreDroppedWhenNotStreamingAndUsageAlwaysAskedForWhenStreaming() throws {
        let plain = try parse(#"{"model": "m", "stream_options": {"include_usage": true}, "messages": [{"role": "user", "content": "x"}]}"#)
        XCTAssertNil(plain.body(forModel: "m")["stream_options"])
        let streamed = try parse(#"{"model": "m", "stream": true, "messages": [{"role": "user", "content": "x"}]}"#)
        XCTAssertFalse(streamed.includeUsage)
        XCTAssertEqual(streamed.body(forModel: "m")["stream_options"]?["include_usage"], true)
    }

    func testBadRequestsNameTheField() {
        func failure(_ text: String) -> GatewayError? {
            do { _ = try parse(text); return nil } catch let error as GatewayError { return error } catch { return nil }
        }
        XCTAssertEqual(failure(#"{"messages": [{"role": "user", "content": "x"}]}"#)?.param, "model")
        XCTAssertEqual(failure(#"{"model": "m"}"#)?.param, "messages")
        XCTAssertEqual(failure(#"{"model": "m", "messages": []}"#)?.param, "messages")
        XCTAssertEqual(failure(#"{"model": "m", "messages": [{"content": "x"}]}"#)?.param, "messages[0].role")
        XCTAssertEqual(failure(#"{"model": "m", "stream": "yes", "messages": [{"role": "user", "content": "x"}]}"#)?.param, "stream")
        XCTAssertEqual(failure(#"{"model": 3, "messages": []}"#)?.param, "model")
        XCTAssertEqual(failure(#"{"prompt": "@prod"}"#)?.param, "prompt")
        XCTAssertEqual(failure(#"[1]"#)?.status, 400)
        XCTAssertNil(failure(#"{"prompt": "support.reply@production", "variables": {"q": "x"}}"#), "a prompt may name the model")
    }

    func testPromptReferences() throws {
        let alias = try ChatRequest.PromptReference("support.reply@production")
        XCTAssertEqual(alias.name, "support.reply")
        XCTAssertEqual(alias.alias, "production")
        XCTAssertNil(alias.version)
        let version = try ChatRequest.PromptReference("p@3")
        XCTAssertEqual(version.version, 3)
        XCTAssertNil(try ChatRequest.PromptReference("p").alias)
        XCTAssertThrowsError(try ChatRequest.PromptReference("p@"))
    }

    func testMalformedBodyAndErrorShape() {
        XCTAssertThrowsError(try JSONBody.parse(Array("{\"model\": ".utf8))) { error in
            XCTAssertEqual((error as? GatewayError)?.status, 400)
            XCTAssertTrue("\(error)".contains("not valid JSON"), "\(error)")
        }
        let error = GatewayError.rateLimited("slow down")
        let json = error.json
        XCTAssertEqual(json["error"]?["type"], "rate_limit_error")
        XCTAssertEqual(json["error"]?["code"], "rate_limit_exceeded")
        XCTAssertEqual(json["error"]?["message"], "slow down")
        XCTAssertEqual(json["error"]?["param"], .null)
    }

    func testInputTextCoversStringsAndTextParts() throws {
        let request = try parse(#"""
            {"model": "m", "messages": [{"role": "system", "content": "be kind"},
             {"role": "user", "content": [{"type": "text", "text": "look"}, {"type": "image_url", "image_url": {"url": "http://x"}}]}]}
            """#)
        XCTAssertEqual(request.inputText, "be kind\nlook")
    }
}

final class EncodingHelpersTests: XCTestCase {
    func testEventPayloadIsValidJSONWithEscapes() throws {
        var event = EventPayload()
        event.add("text", "quote \" backslash \\ newline \n tab \t é")
        event.add("count", 42)
        event.add("flag", true)
        event.add("absent", nil as String?)
        event.add("prompt", prompt: (name: "p\"1", version: 3))
        let parsed = try JSONParser.parse(String(decoding: event.finished, as: UTF8.self))
        XCTAssertEqual(parsed, .object(["text": "quote \" backslash \\ newline \n tab \t é", "count": 42, "flag": true,
                                        "prompt": .object(["name": "p\"1", "version": 3])]))
        XCTAssertEqual(try JSONParser.parse(String(decoding: EventPayload().finished, as: UTF8.self)), .object([:]))
    }

    func testRequestIDsAreDistinctOrderedHexOfTheRightLength() {
        var ids: [String] = []
        for _ in 0..<10_000 {
            let id = RequestIDs.next()
            XCTAssertEqual(id.count, 32)
            XCTAssertTrue(id.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }, id)
            ids.append(id)
        }
        XCTAssertEqual(Set(ids).count, 10_000)
        // Each id sorts after the ones before it (the stores' indexes take them as appends).
        XCTAssertEqual(ids, ids.sorted())
        // Start time, then tag, then counter; the same count in two processes gives two ids.
        XCTAssertEqual(RequestIDs.identifier(startMillis: 0x0123_4567_89AB, tag: 0xDEAD_BEEF, count: 0x42),
                       "0123456789ab" + "deadbeef" + "000000000042")
        XCTAssertNotEqual(RequestIDs.identifier(startMillis: 1, tag: 1, count: 1), RequestIDs.identifier(startMillis: 1, tag: 2, count: 1))
        // A process started later sorts after one started earlier, whatever their tags and counts.
        XCTAssertLessThan(RequestIDs.identifier(startMillis: 1_000, tag: .max, count: 1 << 40),
                          RequestIDs.identifier(startMillis: 1_001, tag: 0, count: 1))
    }

    func testHex() {
        XCTAssertEqual(Hex.encode([0x00, 0xab, 0xff]), "00abff")
        XCTAssertEqual(Hex.random(bytes: 12).count, 24)
        XCTAssertNotEqual(Hex.random(bytes: 12), Hex.random(bytes: 12))
        XCTAssertEqual(Hex.fingerprint([]), "cbf29ce484222325")
        XCTAssertNotEqual(Hex.fingerprint(Array("a".utf8)), Hex.fingerprint(Array("b".utf8)))
    }
}
