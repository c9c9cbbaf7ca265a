/// Writes a ustar stream that depends only on the entries: no time stamps, owners or host names
/// go in, so the same files always give the same bytes (a pinned sha256 stays valid).
enum TarWriter {
    /// `entries` must have distinct ASCII names of at most 100 bytes; they are written in the order
    /// given, so the caller decides (and fixes) the order.
    static func archive(_ entries: [TarEntry]) -> [UInt8] {
        var bytes: [UInt8] = []
        for entry in entries {
            bytes += header(for: entry)
            bytes += entry.contents
            bytes += [UInt8](repeating: 0, count: USTARLayout.padding(after: entry.contents.count))
        }
        // The end of an archive is two zero blocks.
        bytes += [UInt8](repeating: 0, count: 2 * USTARLayout.blockSize)
        return bytes
    }

    static func header(for entry: TarEntry) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: USTARLayout.blockSize)
        func put(_ text: [UInt8], in field: Range<Int>) {
            precondition(text.count <= field.count, "tar field overflow")
            block.replaceSubrange(field.lowerBound..<field.lowerBound + text.count, with: text)
        }
        // Numbers are zero-padded octal filling the field but its last byte, which stays NUL.
        func putOctal(_ value: Int, in field: Range<Int>) {
            let digits = String(value, radix: 8)
            put(Array((String(repeating: "0", count: field.count - 1 - digits.count) + digits).utf8), in: field)
        }
        put(Array(entry.name.utf8), in: USTARLayout.name)
        putOctal(entry.mode, in: USTARLayout.mode)
        putOctal(0, in: USTARLayout.uid)
        putOctal(0, in: USTARLayout.gid)
        putOctal(entry.contents.count, in: USTARLayout.size)
        putOctal(0, in: USTARLayout.mtime)
        block[USTARLayout.typeFlag] = USTARLayout.regularFileType
        put(USTARLayout.magicBytes, in: USTARLayout.magic)
        put(USTARLayout.versionBytes, in: USTARLayout.version)
        putOctal(0, in: USTARLayout.deviceMajor)
        putOctal(0, in: USTARLayout.deviceMinor)
        // Conventional form: six octal digits, NUL, space.
        let sum = String(USTARLayout.checksum(of: block[...]), radix: 8)
        put(Array((String(repeating: "0", count: 6 - sum.count) + sum + "\0 ").utf8), in: USTARLayout.checksum)
        return block
    }
}
