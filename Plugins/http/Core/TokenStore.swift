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
        guard var header = authorization else { return .missing }
        return header.withUTF8 { bytes in
            guard let token = Self.bearerToken(in: bytes) else { return .missing }
            return verify(token).map(Outcome.accepted) ?? .unknown
        }
    }

    /// The entry whose hash is the SHA-256 of `token`, or nil.
    func verify(_ token: UnsafeBufferPointer<UInt8>) -> TokenEntry? {
        let digest = Array(SHA256.hash(data: UnsafeRawBufferPointer(token)))
        // Compare against every entry without stopping early, so timing does not reveal which
        // token prefix matched.
        var match: TokenEntry?
        for candidate in tokens where Self.constantTimeEqual(candidate.digest, digest) { match = candidate.entry }
        return match
    }

    /// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive, blanks
    /// around the token ignored), or nil when there is none.
    static func bearerToken(in header: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        let scheme = "bearer ".utf8
        guard header.count > scheme.count else { return nil }
        for (index, expected) in scheme.enumerated() where header[index] | 0x20 != expected { return nil }
        var start = scheme.count, end = header.count
        while start < end, header[start] == 0x20 || header[start] == 0x09 { start += 1 }
        while end > start, header[end - 1] == 0x20 || header[end - 1] == 0x09 { end -= 1 }
        guard start < end else { return nil }
        return UnsafeBufferPointer(rebasing: header[start..<end])
    }

    /// The hex SHA-256 of `token`, as the config stores it.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func constantTimeEqual<A: RandomAccessCollection<UInt8>, B: RandomAccessCollection<UInt8>>(_ a: A, _ b: B) -> Bool
        where A.Index == Int, B.Index == Int {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for offset in 0..<a.count { difference |= a[a.startIndex + offset] ^ b[b.startIndex + offset] }
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
