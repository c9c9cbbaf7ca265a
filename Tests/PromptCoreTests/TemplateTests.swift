import Foundation
@testable import PromptCore
import XCTest

final class TemplateTests: XCTestCase {
    private func compile(_ template: PromptTemplate, variables: [VariableSpec] = [], parameters: [String: JSONValue] = [:]) throws -> CompiledPrompt {
        try CompiledPrompt(name: "t", version: 1, content: VersionContent(template: template, variables: variables,
                                                                          modelParameters: ModelParameters(parameters)))
    }

    private func assertInvalid(_ body: @autoclosure () throws -> Any, contains parts: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            guard let error = error as? PromptError else { return XCTFail("not a PromptError: \(error)", file: file, line: line) }
            XCTAssertEqual(error.kind, .invalidArgument, file: file, line: line)
            for part in parts { XCTAssertTrue(error.message.contains(part), "'\(error.message)' lacks '\(part)'", file: file, line: line) }
        }
    }

    func testFillsVariablesWithSpacesAndDotsAndKeepsSingleBraces() throws {
        let prompt = try compile(.text("Hi {{ user.name }}, JSON: {\"a\": 1} {{greeting}}{{greeting}}"))
        XCTAssertEqual(prompt.variables.map(\.name), ["user.name", "greeting"])
        let rendered = try prompt.render(["user.name": "Ada", "greeting": "!"])
        XCTAssertEqual(rendered.text, "Hi Ada, JSON: {\"a\": 1} !!")
        XCTAssertNil(rendered.messages)
    }

    func testBackslashWritesLiteralBraces() throws {
        let prompt = try compile(.text("literal \\{{not_a_var}} and {{x}}"))
        XCTAssertEqual(prompt.variables.map(\.name), ["x"])
        XCTAssertEqual(try prompt.render(["x": "1"]).text, "literal {{not_a_var}} and 1")
    }

    func testUnclosedBracesNameFieldLineAndColumn() {
        assertInvalid(try compile(.text("line one\nsay {{name to me")), contains: ["template: line 2, column 5", "unclosed '{{'"])
        assertInvalid(try compile(.chat([ChatMessage(role: "system", content: "ok {{a}}"), ChatMessage(role: "user", content: "é {{ b {{c}}")])),
                      contains: ["template[1].content: line 1, column 3", "unclosed '{{'"])
        assertInvalid(try compile(.text("ends with {{")), contains: ["column 11", "unclosed"])
    }

    func testBadPlaceholdersAreRefused() {
        assertInvalid(try compile(.text("{{}}")), contains: ["empty placeholder"])
        assertInvalid(try compile(.text("{{ two words }}")), contains: ["invalid variable name 'two words'"])
        assertInvalid(try compile(.text("{{9lives}}")), contains: ["invalid variable name '9lives'"])
        assertInvalid(try compile(.text("")), contains: ["template must not be empty"])
        assertInvalid(try compile(.chat([])), contains: ["at least one chat message"])
        assertInvalid(try compile(.chat([ChatMessage(role: "robot", content: "x")])), contains: ["template[0].role 'robot'"])
    }

    func testMissingAndUnknownVariablesAreListedTogether() throws {
        let prompt = try compile(.text("{{a}} {{b}} {{c}}"), variables: [VariableSpec(name: "c", defaultValue: "C")])
        assertInvalid(try prompt.render(["zeta": "1", "alpha": "2"]),
                      contains: ["missing required variables: a, b", "unknown variables: alpha, zeta", "takes: a, b, c"])
        XCTAssertEqual(try prompt.render(["a": "A", "b": "B"]).text, "A B C")
        XCTAssertEqual(try prompt.render(["a": "A", "b": "B", "c": "x"]).text, "A B x")
    }

    func testVariableSpecsAreChecked() throws {
        assertInvalid(try compile(.text("{{a}}"), variables: [VariableSpec(name: "b")]), contains: ["variables[0]", "'b' does not appear", "placeholders: a"])
        assertInvalid(try compile(.text("{{a}}"), variables: [VariableSpec(name: "a"), VariableSpec(name: "a")]), contains: ["declared twice"])
        assertInvalid(try compile(.text("{{a}}"), variables: [VariableSpec(name: "a", required: true, defaultValue: "x")]),
                      contains: ["cannot be required and have a default"])
        let optional = try compile(.text("[{{a}}]"), variables: [VariableSpec(name: "a", required: false)])
        XCTAssertEqual(try optional.render([:]).text, "[]")
    }

    func testModelParametersAreRangeChecked() throws {
        assertInvalid(try compile(.text("x"), parameters: ["temperature": .number(3)]), contains: ["model_parameters.temperature", "0 to 2", "3"])
        assertInvalid(try compile(.text("x"), parameters: ["max_tokens": .number(1.5)]), contains: ["model_parameters.max_tokens", "integer"])
        assertInvalid(try compile(.text("x"), parameters: ["stop": .array([.number(1)])]), contains: ["model_parameters.stop"])
        assertInvalid(try compile(.text("x"), parameters: ["model": .string("")]), contains: ["model_parameters.model"])
        let fine = try compile(.text("x"), parameters: ["model": .string("gpt-4o"), "stop": .array([.string("\n")]),
                                                        "vendor_flag": .object(["deep": .bool(true)])])
        XCTAssertEqual(fine.modelParameters["vendor_flag"], .object(["deep": .bool(true)]))
    }

    func testChatTemplatesRenderEveryMessage() throws {
        let prompt = try compile(.chat([ChatMessage(role: "system", content: "You are {{role}}."),
                                        ChatMessage(role: "user", content: "{{question}} ({{role}})")]))
        let rendered = try prompt.render(["role": "a poet", "question": "Why?"])
        XCTAssertEqual(rendered.messages, [ChatMessage(role: "system", content: "You are a poet."),
                                           ChatMessage(role: "user", content: "Why? (a poet)")])
    }

    func testTemplateSizeLimit() {
        XCTAssertThrowsError(try CompiledPrompt(name: "t", version: 1, content: VersionContent(template: .text(String(repeating: "x", count: 2000))),
                                                maxTemplateBytes: 1024)) { error in
            XCTAssertTrue("\(error)".contains("2000 bytes, more than the limit of 1024"), "\(error)")
        }
    }
}

final class RenderJSONTests: XCTestCase {
    /// The direct JSON writer must say exactly what the Codable value says.
    func testRenderJSONMatchesTheEncodedRenderedPrompt() throws {
        let chat = try CompiledPrompt(name: "p.1", version: 3, content: VersionContent(
            template: .chat([ChatMessage(role: "system", content: "Quote \"{{a}}\" \\ tab\tnew\nline {{b}} é 中文 \u{1}"),
                             ChatMessage(role: "user", content: "{{a}}{{a}}")]),
            variables: [VariableSpec(name: "b", defaultValue: "<\"def\">")],
            modelParameters: ModelParameters(["model": .string("m/1"), "temperature": .number(0.5), "stop": .array([.string("\n")])]),
            responseFormat: .object(["type": .string("json_object")])))
        let text = try CompiledPrompt(name: "t", version: 1, content: VersionContent(template: .text("plain {{x}}")))
        for (prompt, values) in [(chat, ["a": "x\"y\\z\r\n\u{7}"]), (chat, ["a": "", "b": "given"]), (text, ["x": "🙂"])] {
            let direct = try JSONSerialization.jsonObject(with: Data(try prompt.renderJSON(values))) as? NSDictionary
            let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(try prompt.render(values))) as? NSDictionary
            XCTAssertNotNil(direct)
            XCTAssertEqual(direct, encoded)
        }
        XCTAssertThrowsError(try chat.renderJSON([:])) { error in
            XCTAssertTrue("\(error)".contains("missing required variables: a"), "\(error)")
        }
    }
}
