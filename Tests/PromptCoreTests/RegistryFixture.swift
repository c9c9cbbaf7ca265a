import AIPTestSupport
@testable import PromptCore
import XCTest

/// A registry on a fresh SQLite file in a temporary directory.
final class RegistryFixture {
    let directory: TemporaryDirectory
    let path: String
    let registry: PromptRegistry

    init() throws {
        directory = try TemporaryDirectory()
        path = directory.path + "/prompts.sqlite"
        registry = try PromptRegistry(path: path)
    }

    /// Another connection to the same file, as another process would have.
    func secondConnection() throws -> PromptRegistry { try PromptRegistry(path: path) }
}

func textVersion(_ text: String, message: String = "", variables: [VariableSpec] = [], parameters: [String: JSONValue] = [:],
                 parent: Int? = nil) -> NewVersion {
    NewVersion(content: VersionContent(template: .text(text), variables: variables, modelParameters: ModelParameters(parameters)),
               commitMessage: message, parentVersion: parent)
}

func assertPromptError(_ kind: PromptError.Kind, _ body: @autoclosure () throws -> Any, contains parts: [String] = [],
                       file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertThrowsError(try body(), file: file, line: line) { error in
        guard let error = error as? PromptError else { return XCTFail("not a PromptError: \(error)", file: file, line: line) }
        XCTAssertEqual(error.kind, kind, "\(error.message)", file: file, line: line)
        for part in parts { XCTAssertTrue(error.message.contains(part), "'\(error.message)' lacks '\(part)'", file: file, line: line) }
    }
}
