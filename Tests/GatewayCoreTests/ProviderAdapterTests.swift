import AIPConfig
@testable import GatewayCore
import XCTest

final class ProviderAdapterTests: XCTestCase {
    func chat(_ text: String) throws -> ChatRequest { try ChatRequest(json: try JSONParser.parse(text)) }
    func json(_ bytes: [UInt8]) throws -> JSONValue { try JSONParser.parse(String(decoding: bytes, as: UTF8.self)) }

    let toolConversation = #"""
        {"model": "m", "max_tokens": 50, "temperature": 0.5, "stop": "END", "user": "ada",
         "tools": [{"type": "function", "function": {"name": "weather", "description": "d", "parameters": {"type": "object"}}}],
         "tool_choice": {"type": "function", "function": {"name": "weather"}},
         "response_format": {"type": "json_object"},
         "messages": [{"role": "system", "content": "sys"}, {"role": "user", "content": "weather?"},
                      {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "weather", "arguments": "{\"city\":\"Paris\"}"}},
                                                                             {"id": "c2", "type": "function", "function": {"name": "weather", "arguments": "{\"city\":\"Rome\"}"}}]},
                      {"role": "tool", "tool_call_id": "c1", "content": "sunny"}, {"role": "tool", "tool_call_id": "c2", "content": "rain"}]}
        """#

    func testOpenAIAndAzureURLsAndKeys() throws {
        let request = try chat(#"{"model": "alias", "messages": [{"role": "user", "content": "x"}], "tools": [{"type": "function"}]}"#)
        let openai = Deployment(id: "d", provider: .openai, model: "gpt-4o", baseURL: "https://api.openai.com/v1/", apiKey: "sk-1")
        let upstream = try openai.adapter.chatRequest(request, deployment: openai)
        XCTAssertEqual(upstream.url, "https://api.openai.com/v1/chat/completions")
        XCTAssertTrue(upstream.headers.contains("Authorization: Bearer sk-1"))
        let body = try json(upstream.body)
        XCTAssertEqual(body["model"], "gpt-4o")
        XCTAssertNotNil(body["tools"], "tools pass through")
        let azure = Deployment(id: "a", provider: .azure, model: "my-deployment", baseURL: "https://x.openai.azure.com", apiKey: "az", apiVersion: "2024-06-01")
        let azureRequest = try azure.adapter.chatRequest(request, deployment: azure)
        XCTAssertEqual(azureRequest.url, "https://x.openai.azure.com/openai/deployments/my-deployment/chat/completions?api-version=2024-06-01")
        XCTAssertTrue(azureRequest.headers.contains("api-key: az"))
        XCTAssertFalse(azureRequest.headers.contains { $0.hasPrefix("Authorization") })
    }

    func testAnthropicRequestTranslation() throws {
        let deployment = Deployment(id: "c", provider: .anthropic, model: "claude-sonnet-4-5", baseURL: "https://api.anthropic.com/v1", apiKey: "ak")
        let upstream = try deployment.adapter.chatRequest(try chat(toolConversation), deployment: deployment)
        XCTAssertEqual(upstream.url, "https://api.anthropic.com/v1/messages")
        XCTAssertTrue(upstream.headers.contains("x-api-key: ak"))
        XCTAssertTrue(upstream.headers.contains("anthropic-version: 2023-06-01"))
        let body = try json(upstream.body)
        XCTAssertEqual(body["model"], "claude-sonnet-4-5")
        XCTAssertEqual(body["max_tokens"], 50)
        XCTAssertEqual(body["stop_sequences"], .array(["END"]))
        XCTAssertTrue(body["system"]?.stringValue?.hasPrefix("sys\n\n") ?? false, "system text and the JSON instruction")
        XCTAssertEqual(body["tools"]?.arrayValue?.first?["input_schema"], .object(["type": "object"]))
        XCTAssertEqual(body["tool_choice"], .object(["type": "tool", "name": "weather"]))
        XCTAssertEqual(body["metadata"]?["user_id"], "ada")
        let messages = try XCTUnwrap(body["messages"]?.arrayValue)
        XCTAssertEqual(messages.count, 3, "user, assistant with tool_use, one user turn with both tool results")
        XCTAssertEqual(messages[1]["content"]?.arrayValue?.compactMap { $0["type"]?.stringValue }, ["tool_use", "tool_use"])
        XCTAssertEqual(messages[1]["content"]?.arrayValue?.first?["input"], .object(["city": "Paris"]))
        XCTAssertEqual(messages[2]["content"]?.arrayValue?.compactMap { $0["tool_use_id"]?.stringValue }, ["c1", "c2"])
    }

    func testAnthropicResponseAndUsageWithCacheFields() throws {
        let deployment = Deployment(id: "c", provider: .anthropic, model: "claude", baseURL: "http://x")
        let reply = #"""
            {"id": "msg_1", "model": "claude", "content": [{"type": "text", "text": "Let me look."}, {"type": "tool_use", "id": "t1", "name": "weather", "input": {"city": "Paris"}}],
             "stop_reason": "tool_use", "usage": {"input_tokens": 10, "output_tokens": 7, "cache_read_input_tokens": 100, "cache_creation_input_tokens": 5}}
            """#
        let (completion, usage) = try deployment.adapter.chatResponse(Array(reply.utf8), request: try chat(toolConversation), deployment: deployment)
        XCTAssertEqual(usage, Usage(promptTokens: 115, completionTokens: 7, cachedTokens: 100))
        let choice = completion["choices"]?.arrayValue?.first
        XCTAssertEqual(choice?["finish_reason"], "tool_calls")
        XCTAssertEqual(choice?["message"]?["content"], "Let me look.")
        XCTAssertEqual(choice?["message"]?["tool_calls"]?.arrayValue?.first?["function"]?["arguments"], #"{"city":"Paris"}"#)
        XCTAssertEqual(completion["usage"]?["prompt_tokens_details"]?["cached_tokens"], 100)
    }

    func testAnthropicStreamBecomesOpenAIChunks() throws {
        let deployment = Deployment(id: "c", provider: .anthropic, model: "claude", baseURL: "http://x")
        var translator = deployment.adapter.streamTranslator(request: try chat(toolConversation), deployment: deployment, id: "id1", created: 1)
        let events = [
            #"{"type":"message_start","message":{"model":"claude-3","usage":{"input_tokens":20,"cache_read_input_tokens":8,"output_tokens":1}}}"#,
            #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#,
            #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}"#,
            #"{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"t1","name":"weather"}}"#,
            #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"city\":"}}"#,
            #"{"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":12}}"#,
            #"{"type":"message_stop"}"#,
        ]
        var chunks: [JSONValue] = []
        for event in events { chunks += try translator.consume(ServerSentEvent(data: event)) }
        XCTAssertTrue(translator.finished)
        XCTAssertEqual(translator.usage, Usage(promptTokens: 28, completionTokens: 12, cachedTokens: 8))
        let deltas = chunks.compactMap { $0["choices"]?.arrayValue?.first?["delta"] }
        XCTAssertEqual(deltas[0]["role"], "assistant")
        XCTAssertEqual(deltas[1]["content"], "Hi")
        XCTAssertEqual(deltas[2]["tool_calls"]?.arrayValue?.first?["function"]?["name"], "weather")
        XCTAssertEqual(deltas[3]["tool_calls"]?.arrayValue?.first?["function"]?["arguments"], #"{"city":"#)
        XCTAssertEqual(chunks.last?["choices"]?.arrayValue?.first?["finish_reason"], "tool_calls")
        XCTAssertEqual(chunks.first?["model"], "claude-3")
        XCTAssertThrowsError(try translator.consume(ServerSentEvent(data: #"{"type":"error","error":{"type":"overloaded_error","message":"busy"}}"#)))
    }

    func testGeminiRequestResponseStreamAndUsage() throws {
        let deployment = Deployment(id: "g", provider: .gemini, model: "gemini-2.5-pro", baseURL: "https://generativelanguage.googleapis.com/v1beta", apiKey: "gk")
        var request = try chat(toolConversation)
        let upstream = try deployment.adapter.chatRequest(request, deployment: deployment)
        XCTAssertEqual(upstream.url, "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:generateContent")
        XCTAssertTrue(upstream.headers.contains("x-goog-api-key: gk"))
        let body = try json(upstream.body)
        XCTAssertEqual(body["systemInstruction"]?["parts"]?.arrayValue?.first?["text"], "sys")
        XCTAssertEqual(body["generationConfig"]?["maxOutputTokens"], 50)
        XCTAssertEqual(body["generationConfig"]?["responseMimeType"], "application/json")
        XCTAssertEqual(body["toolConfig"]?["functionCallingConfig"]?["allowedFunctionNames"], .array(["weather"]))
        let contents = try XCTUnwrap(body["contents"]?.arrayValue)
        XCTAssertEqual(contents.map { $0["role"]?.stringValue ?? "" }, ["user", "model", "user", "user"])
        XCTAssertEqual(contents[2]["parts"]?.arrayValue?.first?["functionResponse"]?["name"], "weather", "the tool result names its function")
        request.stream = true
        XCTAssertTrue(try deployment.adapter.chatRequest(request, deployment: deployment).url.hasSuffix(":streamGenerateContent?alt=sse"))

        let reply = #"""
            {"candidates": [{"content": {"parts": [{"text": "thinking", "thought": true}, {"text": "Sunny"}, {"functionCall": {"name": "weather", "args": {"city": "Oslo"}}}]}, "finishReason": "STOP"}],
             "usageMetadata": {"promptTokenCount": 100, "candidatesTokenCount": 5, "thoughtsTokenCount": 3, "cachedContentTokenCount": 60}}
            """#
        let (completion, usage) = try deployment.adapter.chatResponse(Array(reply.utf8), request: request, deployment: deployment)
        XCTAssertEqual(usage, Usage(promptTokens: 100, completionTokens: 8, cachedTokens: 60))
        XCTAssertEqual(completion["choices"]?.arrayValue?.first?["message"]?["content"], "Sunny")
        XCTAssertEqual(completion["choices"]?.arrayValue?.first?["finish_reason"], "tool_calls")

        var translator = deployment.adapter.streamTranslator(request: request, deployment: deployment, id: "x", created: 1)
        let first = try translator.consume(ServerSentEvent(data: #"{"candidates": [{"content": {"parts": [{"text": "Hel"}]}}]}"#))
        XCTAssertEqual(first.count, 2, "the role chunk, then the text")
        let last = try translator.consume(ServerSentEvent(data: #"{"candidates": [{"content": {"parts": [{"text": "lo"}]}, "finishReason": "MAX_TOKENS"}], "usageMetadata": {"promptTokenCount": 4, "candidatesTokenCount": 2}}"#))
        XCTAssertEqual(last.last?["choices"]?.arrayValue?.first?["finish_reason"], "length")
        XCTAssertTrue(translator.finished)
        XCTAssertEqual(translator.usage, Usage(promptTokens: 4, completionTokens: 2))
    }

    func testGeminiEmbeddings() throws {
        let deployment = Deployment(id: "g", provider: .gemini, model: "text-embedding-004", baseURL: "http://g")
        let upstream = try deployment.adapter.embeddingsRequest(["input": .array(["a", "b"])], deployment: deployment)
        XCTAssertTrue(upstream.url.hasSuffix("/models/text-embedding-004:batchEmbedContents"))
        XCTAssertEqual(try json(upstream.body)["requests"]?.arrayValue?.count, 2)
        let (response, _) = try deployment.adapter.embeddingsResponse(Array(#"{"embeddings": [{"values": [0.1]}, {"values": [0.2]}]}"#.utf8),
                                                                      deployment: deployment, requestModel: "emb")
        XCTAssertEqual(response["data"]?.arrayValue?.last?["index"], 1)
        XCTAssertThrowsError(try Deployment(id: "c", provider: .anthropic, model: "c", baseURL: "http://a").adapter.embeddingsRequest([:], deployment: deployment))
    }

    func testUpstreamErrorsAreClassified() {
        let deployment = Deployment(id: "d", provider: .openai, model: "m", baseURL: "http://x")
        func kind(_ status: Int, _ body: String) -> UpstreamFailure.Kind {
            UpstreamFailure.classify(status: status, body: Array(body.utf8), deployment: deployment).kind
        }
        XCTAssertEqual(kind(429, #"{"error": {"message": "slow"}}"#), .rateLimited)
        XCTAssertEqual(kind(503, "<html>"), .serverError)
        XCTAssertEqual(kind(504, ""), .timeout)
        XCTAssertEqual(kind(400, #"{"error": {"message": "too long", "code": "context_length_exceeded"}}"#), .contextWindowExceeded)
        XCTAssertEqual(kind(400, #"{"type": "error", "error": {"type": "invalid_request_error", "message": "prompt is too long: 300000 tokens"}}"#), .contextWindowExceeded)
        XCTAssertEqual(kind(401, #"{"error": {"message": "bad key"}}"#), .clientError)
        let failure = UpstreamFailure.classify(status: 401, body: Array(#"{"error": {"message": "bad key"}}"#.utf8), deployment: deployment)
        XCTAssertEqual(failure.gatewayError.status, 401)
        XCTAssertEqual(failure.gatewayError.message, "bad key")
        XCTAssertThrowsError(try UpstreamFailure.parse(Array("{garbage".utf8), deployment)) { error in
            XCTAssertEqual((error as? UpstreamFailure)?.kind, .serverError)
        }
    }
}
