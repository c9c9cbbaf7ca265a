import Foundation
@testable import PromptCore
import XCTest

final class AliasTests: XCTestCase {
    @discardableResult
    private func registryWithVersions(_ count: Int, fixture: RegistryFixture) throws -> PromptRegistry {
        let registry = fixture.registry
        try registry.create(name: "p", firstVersion: textVersion("v1 {{x}}"))
        for number in 2...max(count, 2) where number <= count { try registry.createVersion(name: "p", textVersion("v\(number) {{x}}")) }
        return registry
    }

    func testMovesAreRecordedAndRollbackWalksBack() throws {
        let fixture = try RegistryFixture()
        let registry = try registryWithVersions(3, fixture: fixture)
        try registry.setAlias(name: "p", alias: "production", variants: [AliasVariant(version: 1)], actor: "ci")
        try registry.setAlias(name: "p", alias: "production", variants: [AliasVariant(version: 2)])
        try registry.setAlias(name: "p", alias: "production", variants: [AliasVariant(version: 3)], note: "ship it")
        XCTAssertEqual(try registry.version(name: "p", .alias("production")).version, 3)
        XCTAssertEqual(try registry.render(name: "p", .alias("production"), variables: ["x": "!"]).text, "v3 !")

        let back = try registry.rollbackAlias(name: "p", alias: "production", actor: "oncall")
        XCTAssertEqual(back.to, [AliasVariant(version: 2)])
        XCTAssertEqual(back.from, [AliasVariant(version: 3)])
        XCTAssertNotNil(back.rollbackOf)
        XCTAssertEqual(try registry.render(name: "p", .alias("production"), variables: ["x": "!"]).text, "v2 !")
        try registry.rollbackAlias(name: "p", alias: "production")
        XCTAssertEqual(try registry.version(name: "p", .alias("production")).version, 1)
        // The first move created the alias: rolling it back removes the alias.
        let removal = try registry.rollbackAlias(name: "p", alias: "production")
        XCTAssertNil(removal.to)
        assertPromptError(.notFound, try registry.version(name: "p", .alias("production")), contains: ["no alias 'production'"])
        assertPromptError(.conflict, try registry.rollbackAlias(name: "p", alias: "production"), contains: ["no move left to roll back"])

        let history = try registry.aliasHistory(name: "p", alias: "production")
        XCTAssertEqual(history.count, 6)
        XCTAssertEqual(history.first?.actor, "ci")
        XCTAssertEqual(history[2].note, "ship it")
        XCTAssertEqual(history.map { $0.to?.first?.version }, [1, 2, 3, 2, 1, nil])
        XCTAssertEqual(try registry.version(name: "p", .version(2)).aliases, [])
    }

    func testAliasRulesAreEnforced() throws {
        let fixture = try RegistryFixture()
        let registry = try registryWithVersions(2, fixture: fixture)
        assertPromptError(.notFound, try registry.setAlias(name: "p", alias: "staging", variants: [AliasVariant(version: 5)]),
                          contains: ["no version 5", "versions 1 to 2"])
        assertPromptError(.invalidArgument, try registry.setAlias(name: "p", alias: "latest", variants: [AliasVariant(version: 1)]),
                          contains: ["implicit"])
        assertPromptError(.invalidArgument, try registry.setAlias(name: "p", alias: "2", variants: [AliasVariant(version: 1)]),
                          contains: ["must start with a letter"])
        assertPromptError(.invalidArgument, try registry.setAlias(name: "p", alias: "ab", variants: [AliasVariant(version: 1, weight: 0)]),
                          contains: ["add up to 0"])
        assertPromptError(.invalidArgument, try registry.setAlias(name: "p", alias: "ab", variants: [AliasVariant(version: 1), AliasVariant(version: 1)]),
                          contains: ["appears twice"])
        try registry.setAlias(name: "p", alias: "staging", variants: [AliasVariant(version: 1)])
        assertPromptError(.conflict, try registry.setAlias(name: "p", alias: "staging", variants: [AliasVariant(version: 2)], expectedVersion: 2),
                          contains: ["points at version 1, not version 2"])
        try registry.setAlias(name: "p", alias: "staging", variants: [AliasVariant(version: 2)], expectedVersion: 1)
        XCTAssertEqual(try registry.version(name: "p", .version(2)).aliases, ["staging"])
        XCTAssertEqual(try registry.aliasHistory(name: "p").count, 2)
        try registry.deleteAlias(name: "p", alias: "staging")
        XCTAssertEqual(try registry.summary(name: "p").aliases, [])
    }

    func testSplitAliasesAreStickyPerKeyAndFollowTheWeights() throws {
        let fixture = try RegistryFixture()
        let registry = try registryWithVersions(2, fixture: fixture)
        try registry.setAlias(name: "p", alias: "production", variants: [AliasVariant(version: 1, weight: 80), AliasVariant(version: 2, weight: 20)])
        var counts: [Int: Int] = [:]
        for user in 0..<4000 {
            let pick = try registry.pickVariant(name: "p", alias: "production", key: "user-\(user)")
            counts[pick.version, default: 0] += 1
            XCTAssertEqual(try registry.pickVariant(name: "p", alias: "production", key: "user-\(user)").version, pick.version)
            XCTAssertEqual(try registry.render(name: "p", .alias("production"), variables: ["x": ""], key: "user-\(user)").version, pick.version)
        }
        XCTAssertEqual(Double(counts[1] ?? 0) / 4000, 0.8, accuracy: 0.03)
        XCTAssertEqual(Double(counts[2] ?? 0) / 4000, 0.2, accuracy: 0.03)
        // The hash is fixed, not per-process: this key always lands at the same point.
        XCTAssertEqual(TrafficSplit.unitPoint(seed: "p@production", key: "user-1"), TrafficSplit.unitPoint(seed: "p@production", key: "user-1"))
        XCTAssertEqual(TrafficSplit.pick([AliasVariant(version: 1, weight: 1), AliasVariant(version: 2, weight: 1)], seed: "s", key: "k").variant.version,
                       TrafficSplit.unitPoint(seed: "s", key: "k") < 0.5 ? 1 : 2)
        assertPromptError(.invalidArgument, try registry.render(name: "p", .alias("production"), variables: ["x": ""]),
                          contains: ["splits traffic", "caller key"])
        // A plain alias needs no key.
        try registry.setAlias(name: "p", alias: "stable", variants: [AliasVariant(version: 2)])
        XCTAssertEqual(try registry.pickVariant(name: "p", alias: "stable", key: "anyone").version, 2)
    }

    func testAnAliasMovedByAnotherConnectionIsSeenAfterTheRecheckInterval() throws {
        let fixture = try RegistryFixture()
        let registry = try registryWithVersions(2, fixture: fixture)
        try registry.setAlias(name: "p", alias: "production", variants: [AliasVariant(version: 1)])
        XCTAssertEqual(try registry.render(name: "p", .alias("production"), variables: ["x": "a"]).text, "v1 a")
        XCTAssertEqual(try registry.render(name: "p", variables: ["x": "a"]).text, "v2 a")

        let other = try fixture.secondConnection()
        try other.setAlias(name: "p", alias: "production", variants: [AliasVariant(version: 2)])
        try other.createVersion(name: "p", textVersion("v3 {{x}}"))
        Thread.sleep(forTimeInterval: 0.005)  // past the default 1 ms recheck interval
        XCTAssertEqual(try registry.render(name: "p", .alias("production"), variables: ["x": "a"]).text, "v2 a")
        XCTAssertEqual(try registry.render(name: "p", variables: ["x": "a"]).text, "v3 a")
    }

    func testResolutionsAreCachedForTheRecheckIntervalButOwnWritesShowAtOnce() throws {
        let fixture = try RegistryFixture()
        try registryWithVersions(3, fixture: fixture)
        let patient = try PromptRegistry(path: fixture.path, recheckInterval: .seconds(3600))
        try patient.setAlias(name: "p", alias: "production", variants: [AliasVariant(version: 1)])
        XCTAssertEqual(try patient.render(name: "p", .alias("production"), variables: ["x": "a"]).text, "v1 a")
        // Its own move is seen at once.
        try patient.setAlias(name: "p", alias: "production", variants: [AliasVariant(version: 2)])
        XCTAssertEqual(try patient.render(name: "p", .alias("production"), variables: ["x": "a"]).text, "v2 a")
        // Another connection's move waits for the interval (an hour here)...
        try fixture.registry.setAlias(name: "p", alias: "production", variants: [AliasVariant(version: 3)])
        XCTAssertEqual(try patient.render(name: "p", .alias("production"), variables: ["x": "a"]).text, "v2 a")
        // ...or for the next write through this registry, which rechecks the file.
        try patient.setAlias(name: "p", alias: "staging", variants: [AliasVariant(version: 1)])
        XCTAssertEqual(try patient.render(name: "p", .alias("production"), variables: ["x": "a"]).text, "v3 a")
    }

    /// Several threads on several connections move one alias at once. Every move must land
    /// whole: the history is one unbroken chain (each move starts where the previous ended)
    /// and the alias ends where the last recorded move put it.
    func testConcurrentAliasMovesFromThreadsAndConnectionsLeaveAConsistentHistory() throws {
        let fixture = try RegistryFixture()
        let registry = try registryWithVersions(5, fixture: fixture)
        let registries = [registry, try fixture.secondConnection(), try fixture.secondConnection()]
        let threads = 6
        let movesPerThread = 40
        let failures = LockedList()
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            let connection = registries[thread % registries.count]
            for move in 0..<movesPerThread {
                do {
                    if move % 7 == 6 {
                        try connection.rollbackAlias(name: "p", alias: "production", actor: "t\(thread)")
                    } else {
                        let version = (thread + move) % 5 + 1
                        try connection.setAlias(name: "p", alias: "production", variants: [AliasVariant(version: version)], actor: "t\(thread)")
                    }
                } catch let error as PromptError where error.kind == .conflict || error.kind == .notFound {
                    continue  // a rollback with nothing left to undo, or racing the alias's creation
                } catch {
                    failures.append("\(error)")
                }
            }
        }
        XCTAssertEqual(failures.items, [])
        let history = try registry.aliasHistory(name: "p", alias: "production")
        XCTAssertGreaterThan(history.count, threads * movesPerThread / 2)
        for (previous, next) in zip(history, history.dropFirst()) {
            XCTAssertEqual(next.from, previous.to, "move \(next.id) does not start where move \(previous.id) ended")
        }
        let final = try registries[2].summary(name: "p").aliases.first { $0.alias == "production" }
        XCTAssertEqual(final?.variants, history.last?.to)
        if let last = history.last?.to {
            XCTAssertEqual(try registries[1].version(name: "p", .alias("production")).version, last.first?.version)
        }
    }
}

/// A list several threads append to.
final class LockedList: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    func append(_ item: String) { lock.lock(); storage.append(item); lock.unlock() }
    var items: [String] { lock.lock(); defer { lock.unlock() }; return storage }
}
