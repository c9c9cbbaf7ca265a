/// Catches a key written twice into one object.
///
/// Foundation's encoder keeps the last value of a repeated key; a streaming encoder cannot take
/// back what it wrote, so on a repeat the encoder gives up and the value is encoded again by
/// Foundation (see `KitJSONEncoder`). Synthesised Codable never repeats keys, so this must be
/// cheap rather than clever: each object has a 64-bit filter of its key hashes, and a filter
/// hit is confirmed by finding the earlier keys in the output written so far. Objects beyond
/// `largeObject` keys keep a set of full hashes instead, since their filter would be full.
struct RepeatedKeyCheck {
    static let largeObject = 32

    /// Key hashes of the open objects with more than `largeObject` keys, by frame id.
    private var largeObjects: [UInt32: Set<UInt64>] = [:]

    /// Records the key at `key` (offset and length of its escaped text in `output`) as the next
    /// key of `frame`, whose earlier members end at `limit`; false if the object already has it.
    mutating func insert(key: Int, length: Int, limit: Int, of output: JSONOutput, into frame: inout EncodingFrame) -> Bool {
        let maybeRepeated: Bool
        if frame.count < Self.largeObject {
            let bit: UInt64 = 1 << (Self.quickHash(key, length, output) >> 58)
            maybeRepeated = frame.keyFilter & bit != 0
            frame.keyFilter |= bit
        } else {
            if frame.count == Self.largeObject {
                var hashes = Set<UInt64>()
                OutputMembers.forEachKey(of: frame.start, before: limit, in: output) { start, length in
                    hashes.insert(Self.fullHash(start, length, output))
                    return true
                }
                largeObjects[frame.id] = hashes
            }
            maybeRepeated = !largeObjects[frame.id, default: []].insert(Self.fullHash(key, length, output)).inserted
        }
        guard maybeRepeated else { return true }
        var isNew = true
        OutputMembers.forEachKey(of: frame.start, before: limit, in: output) { start, earlierLength in
            if earlierLength == length && output.bytesEqual(start, key, length: length) { isNew = false }
            return isNew
        }
        return isNew
    }

    /// A hash of the length, first eight and last bytes: enough for the filter of a small object.
    private static func quickHash(_ start: Int, _ length: Int, _ output: JSONOutput) -> UInt64 {
        var word = UInt64(length) << 56
        if length > 0 { word ^= UInt64(output.base[start + length - 1]) << 48 }
        for index in 0..<min(length, 8) { word ^= UInt64(output.base[start + index]) << (index * 8) }
        return word &* 0x9E37_79B9_7F4A_7C15
    }

    /// FNV-1a of all bytes, for the hash sets of large objects.
    private static func fullHash(_ start: Int, _ length: Int, _ output: JSONOutput) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for offset in 0..<length { hash = (hash ^ UInt64(output.base[start + offset])) &* 0x100_0000_01B3 }
        return hash
    }

    /// Forgets `frame`, which has ended.
    mutating func end(_ frame: EncodingFrame) {
        if frame.count > Self.largeObject { largeObjects[frame.id] = nil }
    }
}

/// Walks the members of an object the encoder has written, to find its keys again.
enum OutputMembers {
    /// Calls `body` with the offset and length of each key's escaped text, for the members
    /// of the object whose `{` is at `start`, up to `limit`; stops when `body` answers false.
    static func forEachKey(of start: Int, before limit: Int, in output: JSONOutput, _ body: (Int, Int) -> Bool) {
        let bytes = output.base
        var index = start + 1
        while index < limit {
            if bytes[index] == UInt8(ascii: ",") { index += 1 }
            let keyEnd = endOfString(at: index, in: bytes)
            guard body(index + 1, keyEnd - index - 1) else { return }
            index = endOfValue(at: keyEnd + 2, in: bytes)  // after the closing quote and colon
        }
    }

    /// The index of the closing quote of the string whose opening quote is at `index`.
    private static func endOfString(at index: Int, in bytes: UnsafeMutablePointer<UInt8>) -> Int {
        var index = index + 1
        while bytes[index] != UInt8(ascii: "\"") { index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1 }
        return index
    }

    /// The index just past the value starting at `index` (the encoder writes no whitespace).
    private static func endOfValue(at index: Int, in bytes: UnsafeMutablePointer<UInt8>) -> Int {
        var index = index
        var depth = 0
        while true {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                index = endOfString(at: index, in: bytes)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 { return index }
                depth -= 1
                if depth == 0 { return index + 1 }
            case UInt8(ascii: ","):
                if depth == 0 { return index }
            default:
                break
            }
            index += 1
        }
    }
}
