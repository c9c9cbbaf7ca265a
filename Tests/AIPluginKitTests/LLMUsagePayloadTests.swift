import AIPluginKit
import XCTest

/// The kit's fast reader of `llm.usage` payloads: exact on the usual shape, nil (Codable's turn)
/// on anything else.
final class LLMUsagePayloadTests: XCTestCase {
    private func read(_ text: String) -> LLMUsagePayload? { LLMUsagePayload.read(Array(text.utf8)) }

    func testTheGatewaysShape() throws {
        let payload = try XCTUnwrap(read("""
            {"provider":"openai","model":"gpt-4o-mini","request_id":"chatcmpl-gw-1","input_tokens":12,"output_tokens":2,
             "cached_input_tokens":0,"cost_usd":"0.0000030","latency_ms":41,"project":"p","user":"u","tenant":"t",
             "prompt_hash":"ab12","timestamp":"2026-11-27T10:00:00Z","prompt":{"name":"support","version":3}}
            """))
        XCTAssertEqual(payload.provider, "openai")
        XCTAssertEqual(payload.requestID, "chatcmpl-gw-1")
        XCTAssertEqual([payload.inputTokens, payload.outputTokens, payload.cachedInputTokens, payload.latencyMs], [12, 2, 0, 41])
        XCTAssertEqual(payload.costUSD, "0.0000030")
        XCTAssertEqual([payload.project, payload.user, payload.tenant, payload.promptHash], ["p", "u", "t", "ab12"])
        XCTAssertEqual(payload.prompt, LLMUsagePayload.PromptReference(name: "support", version: 3))
    }

    func testNullsAndAbsentOptionals() throws {
        let payload = try XCTUnwrap(read(#"{"model":"m","provider":"x","input_tokens":1,"output_tokens":0,"request_id":null,"cost_usd":null,"prompt":{"name":"n","version":null}}"#))
        XCTAssertNil(payload.requestID)
        XCTAssertNil(payload.costUSD)
        XCTAssertNil(payload.tenant)
        XCTAssertEqual(payload.prompt, LLMUsagePayload.PromptReference(name: "n", version: nil))
        XCTAssertNil(try XCTUnwrap(read(#"{"provider":"x","model":"m","input_tokens":1,"output_tokens":0,"prompt":{"name":"n"}}"#)).prompt?.version)
    }

    func testAnythingElseIsLeftToCodable() {
        let base = #""provider":"x","model":"m","input_tokens":1,"#
        XCTAssertNil(read("{" + base + #""output_tokens":0,"extra":1}"#), "an unknown field")
        XCTAssertNil(read("{" + base + #""output_tokens":0,"output_tokens":1}"#), "a repeated field")
        XCTAssertNil(read("{" + base + #""output_tokens":0.5}"#), "a fraction")
        XCTAssertNil(read("{" + base + #""output_tokens":"0"}"#), "a string for a number")
        XCTAssertNil(read(#"{"provider":"x","model":"m","input_tokens":1}"#), "a required field missing")
        XCTAssertNil(read("{" + base + #""output_tokens":0,"prompt":{"name":"n","label":"x"}}"#), "an unknown prompt field")
        XCTAssertNil(read("{" + base + #""output_tokens":0} trailing"#), "bytes after the object")
        XCTAssertNil(read("[1]"))
    }
}
