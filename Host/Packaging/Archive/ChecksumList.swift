import Crypto

/// The CHECKSUMS entry of an archive: one `SHA256  NAME` line per other entry, sorted by name, in
/// the format `sha256sum` prints, so `sha256sum -c CHECKSUMS` works on an extracted archive.
enum ChecksumList {
    static let entryName = "CHECKSUMS"

    static func sha256Hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        for byte in SHA256.hash(data: bytes) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    static func render(_ files: [String: [UInt8]]) -> [UInt8] {
        Array(files.keys.sorted().map { "\(sha256Hex(files[$0] ?? []))  \($0)\n" }.joined().utf8)
    }

    /// Name → expected hex digest; throws on a malformed or repeated line.
    static func parse(_ bytes: [UInt8]) throws(TarFormatError) -> [String: String] {
        var expected: [String: String] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[1].hasPrefix(" "), parts[0].count == 64,
                  parts[0].allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                throw TarFormatError("has a malformed \(entryName) line: \(line.prefix(120))")
            }
            let name = String(parts[1].dropFirst())
            guard expected.updateValue(String(parts[0]), forKey: name) == nil else {
                throw TarFormatError("lists \(name) twice in \(entryName)")
            }
        }
        return expected
    }
}
