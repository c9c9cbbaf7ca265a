import Crypto
import Foundation

/// One API token as the config stores it: never the token itself, only its SHA-256.
public struct TokenEntry: Decodable, Sendable, Equatable {
    public var name: String
    /// Lower-case hex SHA-256 of the token text.
    public var sha256: String
    /// What the token may do: capability names, `prefix.*` families, or `*` for everything.
    /// Admin routes need the host capability behind them (`host.plugins.list`, …); the event
    /// stream needs `host.events.stream`.
    public var capabilities: [String]

    public init(name: String, sha256: String, capabilities: [String]) {
        self.name = name
        self.sha256 = sha256
        self.capabilities = capabilities
    }

    /// Whether this token may use `capability`.
    public func allows(_ capability: String) -> Bool {
        capabilities.contains { pattern in
            if pattern == "*" { return true }
            if pattern.hasSuffix(".*") { return capability.hasPrefix(String(pattern.dropLast())) }
            return pattern == capability
        }
    }
}

/// Checks `Authorization: Bearer …` headers against the configured token hashes.
public struct TokenStore: Sendable {
    public enum Outcome: Equatable, Sendable {
        case accepted(TokenEntry)
        /// No Authorization header, or not a bearer token.
        case missing
        case unknown
    }

    private let tokens: [(digest: [UInt8], entry: TokenEntry)]

    public init(_ entries: [TokenEntry]) {
        tokens = entries.map { (Self.hexBytes($0.sha256), $0) }
    }

    public var isEmpty: Bool { tokens.isEmpty }

    public func authenticate(authorization: String?) -> Outcome {
        guard let authorization, authorization.count > 7,
              authorization.prefix(7).lowercased() == "bearer " else { return .missing }
        let token = authorization.dropFirst(7).trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty else { return .missing }
        let digest = Array(SHA256.hash(data: Array(token.utf8)))
        // Compare against every entry without stopping early, so timing does not reveal which
        // token prefix matched.
        var match: TokenEntry?
        for candidate in tokens where Self.constantTimeEqual(candidate.digest, digest) { match = candidate.entry }
        return match.map(Outcome.accepted) ?? .unknown
    }

    /// The hex SHA-256 of `token`, as the config stores it.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    static func hexBytes(_ hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var iterator = hex.utf8.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            guard let h = nibble(high), let l = nibble(low) else { return [] }
            bytes.append(h << 4 | l)
        }
        return bytes
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
