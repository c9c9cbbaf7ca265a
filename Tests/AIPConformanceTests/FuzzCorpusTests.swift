@testable import AIPConformance
import AIPHost
import XCTest

/// The fuzz inputs are a pure function of (seed, capability, index): that is what lets a child
/// announce only an index, the parent rebuild the input, and `--seed` reproduce a run.
final class FuzzCorpusTests: XCTestCase {
    private func inputs(seed: UInt64, capability: String = "x.echo", signature: NativeSignature? = nil, count: Int) -> [FuzzInput] {
        (0..<count).map { FuzzCorpus.input(seed: seed, capability: capability, signature: signature, index: $0) }
    }

    func testSameSeedSameInputsOtherSeedOtherInputs() {
        XCTAssertEqual(inputs(seed: 42, count: 300), inputs(seed: 42, count: 300))
        let other = inputs(seed: 43, count: 300)
        XCTAssertGreaterThan(zip(inputs(seed: 42, count: 300), other).filter { $0.bytes != $1.bytes }.count, 250)
        // The capability takes part too: two capabilities of one run do not get the same inputs.
        XCTAssertNotEqual(inputs(seed: 42, capability: "a.b", count: 50).map(\.bytes), inputs(seed: 42, capability: "a.c", count: 50).map(\.bytes))
    }

    func testAnInputDoesNotDependOnTheOnesBeforeIt() {
        let all = inputs(seed: 9, count: 600)
        XCTAssertEqual(FuzzCorpus.input(seed: 9, capability: "x.echo", signature: nil, index: 517), all[517])
    }

    func testTheFirstInputsCoverEveryKindAndAThousandAreMostlyDistinct() {
        let thousand = inputs(seed: 1, count: 1000)
        XCTAssertEqual(thousand.prefix(FuzzKind.messageKinds.count).map(\.kind), FuzzKind.messageKinds)
        XCTAssertEqual(thousand[0].bytes, [], "the first input is the empty payload")
        XCTAssertEqual(thousand.filter(\.bytes.isEmpty).count, 1, "one empty payload is enough")
        XCTAssertGreaterThan(Set(thousand.map(\.bytes)).count, 870)
        for kind in FuzzKind.messageKinds where kind != .empty {
            XCTAssertGreaterThan(thousand.filter { $0.kind == kind }.count, 50, kind.rawValue)
        }
    }

    func testEachKindIsWhatItsNameSays() {
        let sample = inputs(seed: 77, count: 2000)
        func all(_ kind: FuzzKind) -> [[UInt8]] { sample.filter { $0.kind == kind }.map(\.bytes) }
        XCTAssertTrue(all(.hugeString).allSatisfy { $0.count > 4096 })
        XCTAssertTrue(all(.deepNesting).allSatisfy { $0.prefix(128).allSatisfy { $0 == UInt8(ascii: "[") } || $0.starts(with: Array("{\"a\":{\"a\":".utf8)) })
        XCTAssertTrue(all(.invalidUTF8).allSatisfy { String(validating: $0, as: UTF8.self) == nil })
        XCTAssertTrue(all(.wrongTypes).allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0), options: [.fragmentsAllowed])) != nil })
        XCTAssertTrue(all(.truncatedJSON).allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0), options: [.fragmentsAllowed])) == nil })
    }

    func testNativeCapabilitiesGetTypedArgumentsOfTheRightArityMostOfTheTime() throws {
        let signature = try NativeSignature(parsing: "i64(i64,str)")
        let sample = inputs(seed: 5, capability: "x.add", signature: signature, count: 1000)
        XCTAssertEqual(sample[0].kind, .typedArguments)
        let typed = sample.filter { $0.kind == .typedArguments }
        XCTAssertGreaterThan(typed.count, 400, "about half reach the C function")
        let arities = typed.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.bytes))) as? [Any] }.map(\.count)
        XCTAssertEqual(arities.count, typed.count, "typed arguments are always a JSON array")
        XCTAssertGreaterThan(arities.filter { $0 == 2 }.count, typed.count * 3 / 4)
        XCTAssertEqual(NativeArguments.zeros(for: try NativeSignature(parsing: "f64(f64,i32,bool,str,u64)")), "[0.0, 0, false, \"\", 0]")
    }
}
