/// Converts UTF-8 byte offsets into character (Unicode scalar) offsets.
///
/// Offsets are converted in ascending order with one forward pass, so converting every finding
/// of a text costs one walk over the text, not one per finding.
struct ScalarOffsets {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var byteOffset = 0
    private var scalarOffset = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The scalar offset of `target`, which must not be smaller than the previous target.
    mutating func scalarOffset(ofByte target: Int) -> Int {
        if target < byteOffset {
            byteOffset = 0
            scalarOffset = 0
        }
        let end = min(target, bytes.count)
        // Eight bytes at a time: every byte starts a scalar except continuation bytes
        // (10xxxxxx), whose high bit is set and next bit clear.
        if let base = bytes.baseAddress {
            while byteOffset + 8 <= end {
                let chunk = UnsafeRawPointer(base + byteOffset).loadUnaligned(as: UInt64.self)
                let continuations = chunk & ~(chunk << 1) & 0x8080_8080_8080_8080
                scalarOffset += 8 - continuations.nonzeroBitCount
                byteOffset += 8
            }
        }
        while byteOffset < end {
            if bytes[byteOffset] & 0xC0 != 0x80 { scalarOffset += 1 }
            byteOffset += 1
        }
        return scalarOffset
    }

    /// Number of scalars in the whole buffer.
    static func count(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }
}
