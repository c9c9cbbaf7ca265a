/// Lower-case hexadecimal text of bytes (`String(format: "%02x")` goes through Foundation's
/// formatter and costs a microsecond per byte).
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A random identifier of `bytes` random bytes, as hex (eight bytes per draw from the
    /// system's generator: each draw is a system call).
    public static func random(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        var out: [UInt8] = []
        out.reserveCapacity(bytes + 8)
        while out.count < bytes {
            withUnsafeBytes(of: generator.next()) { out.append(contentsOf: $0) }
        }
        return encode(out.prefix(bytes))
    }

    /// FNV-1a, 64 bits: a cheap fingerprint (not for security).
    public static func fingerprint(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
        return encode(withUnsafeBytes(of: hash.bigEndian) { Array($0) })
    }
}
