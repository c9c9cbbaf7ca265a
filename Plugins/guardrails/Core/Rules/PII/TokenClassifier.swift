#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Shape tests for single tokens (a run of letters, digits and `-_+/=.:`).
enum TokenClassifier {
    /// Vendor credentials recognisable by their fixed prefixes and lengths.
    static func knownSecret(_ token: [UInt8]) -> PIICategory? {
        // Every vendor key is at least 15 characters and starts with one of these letters.
        guard token.count >= 15, [UInt8(ascii: "A"), UInt8(ascii: "s"), UInt8(ascii: "g"), UInt8(ascii: "x"), UInt8(ascii: "r"),
                                  UInt8(ascii: "e")].contains(token[0]) else { return nil }
        func has(_ prefix: StaticString) -> Bool {
            prefix.utf8CodeUnitCount <= token.count
                && (0..<prefix.utf8CodeUnitCount).allSatisfy { token[$0] == prefix.utf8Start[$0] }
        }
        func rest(after length: Int, allowing extra: [UInt8] = []) -> ArraySlice<UInt8>? {
            let tail = token.dropFirst(length)
            return tail.allSatisfy { $0.isLetterOrDigit || extra.contains($0) } ? tail : nil
        }
        let dashUnderscore: [UInt8] = [UInt8(ascii: "-"), UInt8(ascii: "_")]
        if token.count == 20, ["AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AROA"].contains(where: has),
           token.allSatisfy({ $0.isUpper || $0.isDigit }) {
            return .awsAccessKey
        }
        if has("sk-"), let tail = rest(after: 3, allowing: dashUnderscore), tail.count >= 20,
           tail.contains(where: \.isDigit), tail.contains(where: \.isLetter) {
            return .openAIKey
        }
        if ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"].contains(where: has), let tail = rest(after: 4), tail.count >= 30 { return .githubToken }
        if has("github_pat_"), let tail = rest(after: 11, allowing: [UInt8(ascii: "_")]), tail.count >= 40 { return .githubToken }
        if ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-"].contains(where: has), let tail = rest(after: 5, allowing: [UInt8(ascii: "-")]),
           tail.count >= 10 {
            return .slackToken
        }
        if has("AIza"), token.count == 39, rest(after: 4, allowing: dashUnderscore) != nil { return .googleAPIKey }
        if ["sk_live_", "rk_live_", "sk_test_"].contains(where: has), let tail = rest(after: 8), tail.count >= 16 { return .stripeKey }
        if has("eyJ") {
            let parts = token.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
            if parts.count == 3, parts[1].starts(with: Array("eyJ".utf8)), parts.allSatisfy({ $0.count >= 10 && isBase64URL($0) }) {
                return .jwt
            }
        }
        return nil
    }

    static func isBase64URL(_ characters: ArraySlice<UInt8>) -> Bool {
        characters.allSatisfy { $0.isLetterOrDigit || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "=") }
    }

    static func isBase64(_ characters: [UInt8]) -> Bool {
        characters.allSatisfy { $0.isLetterOrDigit || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "=") }
    }

    static func isIPv6(_ token: [UInt8]) -> Bool {
        var colons = 0
        for byte in token where byte == UInt8(ascii: ":") { colons += 1 }
        guard token.count >= 3, token.count <= 45, colons >= 2,
              token.allSatisfy({ $0.isHexDigit || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }) else { return false }
        var address = in6_addr()
        return String(decoding: token, as: UTF8.self).withCString { inet_pton(AF_INET6, $0, &address) } == 1
    }

    /// One or two letters then digits, nine characters: the shape of most passport numbers
    /// (China E/G + 8 digits, the US, the UK…). Only reported next to the word "passport".
    static func isPassportShaped(_ token: [UInt8]) -> Bool {
        guard token.count == 9, token[0].isUpper else { return false }
        let letters = token[1].isUpper ? 2 : 1
        return token.dropFirst(letters).allSatisfy(\.isDigit)
    }

    /// Upper, lower, digits, symbols: how many of the four occur.
    static func characterClasses(_ characters: ArraySlice<UInt8>) -> Int {
        var upper = false, lower = false, digit = false, other = false
        for character in characters {
            if character.isUpper { upper = true } else if character.isLower { lower = true }
            else if character.isDigit { digit = true } else { other = true }
        }
        return [upper, lower, digit, other].filter { $0 }.count
    }

    static func isPlaceholder(_ value: ArraySlice<UInt8>) -> Bool {
        let lower = String(decoding: value.map(\.lowercasedASCII), as: UTF8.self)
        return value.allSatisfy { $0 == value.first } || lower.hasPrefix("<") || lower.hasPrefix("${")
            || ["your_password", "yourpassword", "your-password", "password", "changeme", "example", "placeholder", "redacted", "xxxxxx"]
            .contains { lower.contains($0) }
    }

    /// A long random-looking token: letters and digits mixed, high entropy, and not hex (hashes,
    /// ids), not a URL and not base64 that decodes to text (that is the jailbreak rule's business).
    static func isHighEntropySecret(_ token: [UInt8]) -> Bool {
        // Longer runs are data (images, blobs), not credentials; private keys have their own check.
        guard token.count >= 20, token.count <= 100 else { return false }
        guard !token.contains(UInt8(ascii: ":")), !token.contains(UInt8(ascii: ".")) else { return false }
        guard token.contains(where: \.isDigit), token.contains(where: \.isUpper), token.contains(where: \.isLower) else { return false }
        guard !token.allSatisfy({ $0.isHexDigit || $0 == UInt8(ascii: "-") }) else { return false }
        let threshold = min(log2(Double(token.count)) * 0.9, 4.5)
        guard Checksums.entropy(token[...]) >= threshold else { return false }
        if let decoded = EncodedBlob.decodeBase64(token), EncodedBlob.isMostlyText(decoded) { return false }
        return true
    }
}
