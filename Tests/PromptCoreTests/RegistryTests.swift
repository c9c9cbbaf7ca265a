import GRDB
@testable import PromptCore
import XCTest

final class RegistryTests: XCTestCase {
    func testVersionsAreNumberedAndKeptWithTheirMessages() throws {
        let fixture = try RegistryFixture()
        let registry = fixture.registry
        let first = try registry.create(name: "support.reply", description: "Replies to tickets", tags: ["team": "care"],
                                        firstVersion: textVersion("Hello {{name}}", message: "first draft", parameters: ["model": .string("gpt-4o")]))
        XCTAssertEqual(first.version, 1)
        let second = try registry.createVersion(name: "support.reply", textVersion("Hi {{name}}!", message: "friendlier"))
        XCTAssertEqual(second.version, 2)

        let latest = try registry.version(name: "support.reply")
        XCTAssertEqual(latest.version, 2)
        XCTAssertEqual(latest.template, .text("Hi {{name}}!"))
        XCTAssertEqual(latest.commitMessage, "friendlier")
        let v1 = try registry.version(name: "support.reply", .version(1))
        XCTAssertEqual(v1.commitMessage, "first draft")
        XCTAssertEqual(v1.modelParameters["model"], .string("gpt-4o"))
        XCTAssertEqual(v1.variables, [ResolvedVariable(name: "name", required: true, defaultValue: nil, description: nil)])
        XCTAssertEqual(try registry.versions(name: "support.reply").map(\.version), [1, 2])

        let summary = try registry.summary(name: "support.reply")
        XCTAssertEqual(summary.latestVersion, 2)
        XCTAssertEqual(summary.tags, ["team": "care"])
        XCTAssertEqual(summary.description, "Replies to tickets")

        // Everything is on disk: a new registry on the same file sees it.
        let reopened = try fixture.secondConnection()
        XCTAssertEqual(try reopened.version(name: "support.reply", .version(2)).commitMessage, "friendlier")
    }

    func testMissingPromptsAndVersionsAreClearErrors() throws {
        let fixture = try RegistryFixture()
        let registry = fixture.registry
        try registry.create(name: "greeting", firstVersion: textVersion("hi"))
        assertPromptError(.notFound, try registry.version(name: "greeting", .version(7)), contains: ["'greeting' has no version 7", "versions 1 to 1"])
        assertPromptError(.notFound, try registry.version(name: "greetng"), contains: ["no prompt named 'greetng'", "did you mean 'greeting'"])
        assertPromptError(.notFound, try registry.render(name: "greeting", .version(3), variables: [:]), contains: ["no version 3"])
        assertPromptError(.notFound, try registry.version(name: "greeting", .alias("prod")), contains: ["no alias 'prod'", "'latest' is implicit"])
        assertPromptError(.conflict, try registry.create(name: "greeting", firstVersion: textVersion("again")), contains: ["already exists"])
        assertPromptError(.invalidArgument, try registry.create(name: "bad name!", firstVersion: textVersion("x")), contains: ["may only contain"])
        assertPromptError(.notFound, try registry.createVersion(name: "nobody", textVersion("x")), contains: ["no prompt named 'nobody'"])
    }

    func testAnInvalidTemplateWritesNothing() throws {
        let fixture = try RegistryFixture()
        let registry = fixture.registry
        assertPromptError(.invalidArgument, try registry.create(name: "p", firstVersion: textVersion("oops {{x")), contains: ["unclosed"])
        assertPromptError(.notFound, try registry.summary(name: "p"))
        try registry.create(name: "p", firstVersion: textVersion("ok {{x}}"))
        assertPromptError(.invalidArgument, try registry.createVersion(name: "p", textVersion("oops {{x")), contains: ["unclosed"])
        XCTAssertEqual(try registry.summary(name: "p").latestVersion, 1)
    }

    func testParentVersionGuardsAgainstLostUpdates() throws {
        let fixture = try RegistryFixture()
        let registry = fixture.registry
        try registry.create(name: "p", firstVersion: textVersion("one"))
        try registry.createVersion(name: "p", textVersion("two", parent: 1))
        assertPromptError(.conflict, try registry.createVersion(name: "p", textVersion("also two", parent: 1)),
                          contains: ["parent_version is 1 but the latest version is now 2"])
    }

    func testStoredVersionsCannotBeChangedOrDeleted() throws {
        let fixture = try RegistryFixture()
        try fixture.registry.create(name: "p", firstVersion: textVersion("frozen"))
        let queue = try DatabaseQueue(path: fixture.path)
        XCTAssertThrowsError(try queue.write { try $0.execute(sql: "UPDATE versions SET commit_message = 'rewritten'") }) { error in
            XCTAssertTrue("\(error)".contains("prompt versions are immutable"), "\(error)")
        }
        XCTAssertThrowsError(try queue.write { try $0.execute(sql: "DELETE FROM versions") }) { error in
            XCTAssertTrue("\(error)".contains("cannot be deleted"), "\(error)")
        }
        XCTAssertEqual(try fixture.registry.version(name: "p").template, .text("frozen"))
    }

    func testListFiltersByTagAndKindAndPages() throws {
        let fixture = try RegistryFixture()
        let registry = fixture.registry
        for index in 0..<5 {
            try registry.create(name: "p\(index)", tags: ["team": index % 2 == 0 ? "even" : "odd"], firstVersion: textVersion("x"))
        }
        try registry.create(name: "chatty", tags: ["team": "even"],
                            firstVersion: NewVersion(content: VersionContent(template: .chat([ChatMessage(role: "user", content: "hi")]))))
        let all = try registry.list(limit: 4)
        XCTAssertEqual(all.total, 6)
        XCTAssertEqual(all.prompts.map(\.name), ["chatty", "p0", "p1", "p2"])
        XCTAssertEqual(try registry.list(limit: 4, offset: 4).prompts.map(\.name), ["p3", "p4"])
        XCTAssertEqual(try registry.list(tags: ["team": "even"]).prompts.map(\.name), ["chatty", "p0", "p2", "p4"])
        XCTAssertEqual(try registry.list(tags: ["team": "even"], kind: "chat").prompts.map(\.name), ["chatty"])
        assertPromptError(.invalidArgument, try registry.list(limit: 0), contains: ["limit"])
        assertPromptError(.invalidArgument, try registry.list(kind: "audio"), contains: ["kind"])
    }

    func testSearchLooksAtNamesDescriptionsTagsAndTheLatestTemplate() throws {
        let fixture = try RegistryFixture()
        let registry = fixture.registry
        try registry.create(name: "refund-policy", description: "Explains refunds", firstVersion: textVersion("Policy text"))
        try registry.create(name: "welcome", tags: ["topic": "Onboarding"], firstVersion: textVersion("Say hello about REFUNDS"))
        try registry.create(name: "old", firstVersion: textVersion("mentions refund"))
        try registry.createVersion(name: "old", textVersion("no longer"))
        try registry.create(name: "zh", description: "中文摘要", firstVersion: textVersion("总结:{{text}}"))

        let hits = try registry.search("Refund")
        XCTAssertEqual(hits.map(\.prompt.name), ["refund-policy", "welcome"])
        XCTAssertEqual(hits[0].matched, ["name", "description"])
        XCTAssertEqual(hits[1].matched, ["template"])
        XCTAssertEqual(try registry.search("onboarding").map(\.matched), [["tags"]])
        XCTAssertEqual(try registry.search("摘要").map(\.prompt.name), ["zh"])
        XCTAssertEqual(try registry.search("100%").count, 0)
        assertPromptError(.invalidArgument, try registry.search(""), contains: ["query"])
    }

    func testDiffShowsTemplateVariableAndParameterChanges() throws {
        let fixture = try RegistryFixture()
        let registry = fixture.registry
        try registry.create(name: "p", firstVersion: textVersion("line one\nHello {{name}}\nline three",
                                                                 parameters: ["temperature": .number(0.2), "model": .string("a")]))
        try registry.createVersion(name: "p", textVersion("line one\nHi {{name}} from {{team}}\nline three",
                                                         variables: [VariableSpec(name: "team", defaultValue: "support")],
                                                         parameters: ["temperature": .number(0.5), "model": .string("a"), "seed": .number(7)]))
        let diff = try registry.diff(name: "p", from: .version(1), to: .latest)
        XCTAssertEqual(diff.from, 1)
        XCTAssertEqual(diff.to, 2)
        XCTAssertEqual(diff.template, """
            --- p@1
            +++ p@2
            @@ -1,3 +1,3 @@
             line one
            -Hello {{name}}
            +Hi {{name}} from {{team}}
             line three

            """)
        XCTAssertEqual(diff.linesAdded, 1)
        XCTAssertEqual(diff.linesRemoved, 1)
        XCTAssertEqual(diff.variables.map(\.name), ["team"])
        XCTAssertEqual(diff.variables.first?.change, "added")
        XCTAssertEqual(diff.modelParameters.map(\.key), ["seed", "temperature"])
        XCTAssertEqual(diff.modelParameters.last?.from, .number(0.2))
        XCTAssertFalse(diff.identical)
        XCTAssertTrue(try registry.diff(name: "p", from: .version(2), to: .version(2)).identical)
        assertPromptError(.notFound, try registry.diff(name: "p", from: .version(1), to: .version(9)), contains: ["no version 9"])
    }

    func testLineDiffReproducesTheNewText() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let a = (0..<Int.random(in: 0...12, using: &generator)).map { _ in ["a", "b", "c", "d"].randomElement(using: &generator)! }
            let b = (0..<Int.random(in: 0...12, using: &generator)).map { _ in ["a", "b", "c", "e"].randomElement(using: &generator)! }
            let edits = LineDiff.edits(a, b)
            var old: [String] = []
            var new: [String] = []
            for edit in edits {
                switch edit {
                case .equal(let line): old.append(line); new.append(line)
                case .delete(let line): old.append(line)
                case .insert(let line): new.append(line)
                }
            }
            XCTAssertEqual(old, a)
            XCTAssertEqual(new, b)
        }
    }
}
