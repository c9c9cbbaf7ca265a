import Foundation
@testable import GuardrailsCore

/// Engines and checks shared by the Core tests.
enum Fixture {
    static let builtIn = GuardrailsEngine(settings: GuardrailsSettings())

    static func engine(_ config: String, dataDirectory: String? = nil) throws -> GuardrailsEngine {
        GuardrailsEngine(settings: try GuardrailsSettings.load(configText: config, dataDirectory: dataDirectory))
    }

    /// Findings of one rule under the "monitor" policy (every rule on, nothing blocked).
    static func findings(_ rule: RuleID, in text: String, engine: GuardrailsEngine = builtIn, documents: [String] = []) throws -> [Finding] {
        try engine.check(CheckRequest(text: text, policy: "monitor", documents: documents)).findings
            .map(\.finding).filter { $0.rule == rule }
    }

    static func categories(_ rule: RuleID, in text: String, engine: GuardrailsEngine = builtIn) throws -> [String] {
        try findings(rule, in: text, engine: engine).map(\.category)
    }

    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "guardrails-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// Bytes placed so that they end where an unreadable page begins: a scan that reads even one
/// byte past the end crashes the test instead of reading whatever follows in memory (which
/// made a wrong result depend on the allocator).
final class GuardedBytes {
    private let region: UnsafeMutableRawPointer
    private let regionSize: Int
    private let buffer: UnsafeBufferPointer<UInt8>

    init(_ bytes: [UInt8]) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let readable = (bytes.count + page - 1) / page * page + page
        regionSize = readable + page
        let mapped = mmap(nil, regionSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let mapped, mapped != UnsafeMutableRawPointer(bitPattern: -1) else { fatalError("mmap of \(regionSize) bytes failed") }
        region = mapped
        precondition(mprotect(region + readable, page, PROT_NONE) == 0, "mprotect failed")
        let start = (region + readable - bytes.count).assumingMemoryBound(to: UInt8.self)
        bytes.withUnsafeBufferPointer { start.update(from: $0.baseAddress!, count: bytes.count) }
        buffer = UnsafeBufferPointer(start: start, count: bytes.count)
    }

    deinit { munmap(region, regionSize) }

    /// `body` on the bytes, which stay mapped until it returns.
    func with<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        withExtendedLifetime(self) { body(buffer) }
    }
}
