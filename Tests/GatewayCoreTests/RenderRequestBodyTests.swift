import AIPConfig
import GatewayCore
import XCTest

/// The `prompt.render` body and the JSON quoting the gateway writes on every request.
final class RenderRequestBodyTests: XCTestCase {
    private func parsed(_ bytes: [UInt8]) throws -> JSONValue {
        try JSONParser.parse(String(decoding: bytes, as: UTF8.self))
    }

    func testQuotingEscapesWhatJSONRequiresAndCopiesTheRest() throws {
        let texts = ["", "plain", "\"", "\\", "a\"b\\c", "line\nbreak\ttab\r\u{0}\u{1f}", "é 你好 😀", "ends with \\", String(repeating: "x\"", count: 100)]
        for text in texts {
            var bytes: [UInt8] = []
            JSONQuoting.appendQuoted(text, to: &bytes)
            XCTAssertEqual(try parsed(bytes), .string(text), text)
        }
        var bytes: [UInt8] = []
        JSONQuoting.appendQuoted("a\u{1}\"", to: &bytes)
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), #""a\u0001\"""#)
    }

    func testBodyNamesThePromptTheKeyAndTheVariables() throws {
        var reference = try ChatRequest.PromptReference("support@production")
        let variables: JSONValue = .object(["question": "Where is \"it\"?", "tone": .null])
        XCTAssertEqual(try parsed(RenderRequestBody.bytes(reference, variables: variables, key: "user-1")),
                       .object(["name": "support", "alias": "production", "key": "user-1", "variables": variables]))
        reference = try ChatRequest.PromptReference("support@3")
        XCTAssertEqual(try parsed(RenderRequestBody.bytes(reference, variables: nil, key: "anonymous")),
                       .object(["name": "support", "version": 3, "key": "anonymous"]))
    }

    func testVariablesOfOtherTypesAreSentAsTheClientWroteThem() throws {
        // The prompt plugin is the one to refuse these, naming the variable: they pass unchanged.
        let reference = try ChatRequest.PromptReference("support")
        for variables: JSONValue in [.object(["n": 3, "list": .array(["a"])]), .array(["x"]), .string("text"), .object([:])] {
            let body = try parsed(RenderRequestBody.bytes(reference, variables: variables, key: "k"))
            XCTAssertEqual(body["variables"], variables)
        }
    }
}
