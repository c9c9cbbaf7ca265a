@testable import PromptCore
import XCTest

final class BuiltinTests: XCTestCase {
    func testSixTasksInEnglishAndChineseInstallOnceAndRender() throws {
        let fixture = try RegistryFixture()
        let created = try fixture.registry.installBuiltins()
        XCTAssertEqual(created.count, 12)
        let tasks = Set(BuiltinTemplate.all.map(\.task))
        XCTAssertEqual(tasks, ["general-chat", "summary", "classification", "rag-qa", "extraction", "agent"])
        for template in BuiltinTemplate.all {
            XCTAssertTrue(created.contains(template.name))
            let required = try fixture.registry.version(name: template.name).variables.filter(\.required).map(\.name)
            let rendered = try fixture.registry.render(name: template.name, variables: Dictionary(uniqueKeysWithValues: required.map { ($0, "<\($0)>") }))
            let text = rendered.messages?.map(\.content).joined(separator: "\n") ?? ""
            for name in required { XCTAssertTrue(text.contains("<\(name)>"), "\(template.name) lost \(name)") }
            XCTAssertFalse(text.contains("{{"), "\(template.name) left a placeholder")
        }
        let chinese = try fixture.registry.render(name: "builtin.rag-qa.zh", variables: ["context": "[1] 天空是蓝色的。", "question": "天空是什么颜色?"])
        XCTAssertTrue(chinese.messages?[0].content.contains("根据提供的资料无法回答") ?? false)
        XCTAssertEqual(try fixture.registry.list(tags: ["builtin": "true", "language": "zh"]).total, 6)

        // A second install leaves existing prompts (and operators' versions) alone.
        try fixture.registry.createVersion(name: "builtin.summary.en", textVersion("custom {{text}}"))
        XCTAssertEqual(try fixture.registry.installBuiltins(), [])
        XCTAssertEqual(try fixture.registry.summary(name: "builtin.summary.en").latestVersion, 2)
    }
}
