import AIPTestSupport
@testable import PromptCore
import XCTest

/// A registry whose file cannot grow (SQLite's SQLITE_FULL, as on a full disk): a clear error
/// naming the file, nothing half-written, and everything stored before still served.
final class FullStoreTests: XCTestCase {
    func testAFullRegistryRefusesNewVersionsWholeAndKeepsServingTheOldOnes() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/prompts.sqlite"
        let registry = try PromptRegistry(path: path, maxDatabaseBytes: 256 * 1024)
        try registry.create(name: "support", firstVersion: textVersion("Hello {{name}}"))
        let filler = String(repeating: "Answer politely and precisely. ", count: 300)   // about 9 KB a version
        var created = 1
        var failure: PromptError?
        for number in 0..<200 where failure == nil {
            do {
                try registry.createVersion(name: "support", textVersion("\(number) \(filler) {{name}}", message: "v\(number)"))
                created += 1
            } catch let error as PromptError {
                failure = error
            }
        }
        let error = try XCTUnwrap(failure, "256 KiB should not hold 200 versions of 9 KB")
        XCTAssertEqual(error.kind, .storage)
        XCTAssertTrue(error.message.contains("\(path): database or disk is full"), error.message)

        // The refused version left nothing: numbering goes on from the last stored one.
        XCTAssertEqual(try registry.versions(name: "support").map(\.version), Array(1...created))
        XCTAssertEqual(try registry.render(name: "support", .version(1), variables: ["name": "Ada"]).text, "Hello Ada")
        XCTAssertEqual(try registry.version(name: "support").version, created)

        // With room again (no cap), the next version gets the next number.
        let roomy = try PromptRegistry(path: path)
        XCTAssertEqual(try roomy.createVersion(name: "support", textVersion("Bye {{name}}")).version, created + 1)
    }
}
