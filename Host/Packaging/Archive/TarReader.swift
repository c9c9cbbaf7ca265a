/// Reads a ustar stream that may have been crafted to attack the reader or whoever extracts it.
/// Only flat regular files pass: absolute names, `..`, subdirectories, links, devices, directories,
/// extension headers and duplicate names are all refused, as are corrupt or truncated headers.
enum TarReader {
    static func entries(of bytes: [UInt8]) throws(TarFormatError) -> [TarEntry] {
        var entries: [TarEntry] = []
        var seen = Set<String>()
        var offset = 0
        while offset + USTARLayout.blockSize <= bytes.count {
            let header = bytes[offset..<offset + USTARLayout.blockSize]
            if header.allSatisfy({ $0 == 0 }) { return entries }
            let entry = try readEntry(header: header, in: bytes, at: offset)
            guard seen.insert(entry.name).inserted else {
                throw TarFormatError("entry \(entry.name) appears twice")
            }
            entries.append(entry)
            offset += USTARLayout.blockSize + entry.contents.count + USTARLayout.padding(after: entry.contents.count)
        }
        throw TarFormatError("is truncated: it ends without the end-of-archive blocks")
    }

    private static func readEntry(header: ArraySlice<UInt8>, in bytes: [UInt8], at offset: Int) throws(TarFormatError) -> TarEntry {
        let base = header.startIndex
        func field(_ range: Range<Int>) -> ArraySlice<UInt8> { header[base + range.lowerBound..<base + range.upperBound] }

        guard let stored = octal(field(USTARLayout.checksum)), stored == USTARLayout.checksum(of: header) else {
            throw TarFormatError("the header at byte \(offset) has a wrong checksum: not a tar archive, or corrupted")
        }
        guard field(USTARLayout.magic).starts(with: USTARLayout.magicBytes.prefix(5)) else {
            throw TarFormatError("the header at byte \(offset) is not a ustar header")
        }
        let prefix = text(field(USTARLayout.prefix))
        let shortName = text(field(USTARLayout.name))
        let name = prefix.isEmpty ? shortName : prefix + "/" + shortName
        try checkName(name)
        let type = header[base + USTARLayout.typeFlag]
        guard type == USTARLayout.regularFileType || type == 0 else {
            throw TarFormatError("entry \(name) is \(describe(type)); archives hold regular files only")
        }
        guard let size = octal(field(USTARLayout.size)) else {
            throw TarFormatError("entry \(name) has an unreadable size")
        }
        let start = offset + USTARLayout.blockSize
        guard size <= bytes.count - start else {
            throw TarFormatError("is truncated: entry \(name) needs \(size) bytes but the archive ends first")
        }
        let mode = octal(field(USTARLayout.mode)) ?? 0o644
        return TarEntry(name: name, mode: mode, contents: Array(bytes[start..<start + size]))
    }

    /// Entry names must stay inside the directory an archive is extracted into, and archives
    /// are flat, so a name is a single plain path component.
    static func checkName(_ name: String) throws(TarFormatError) {
        guard !name.isEmpty else { throw TarFormatError("an entry has an empty name") }
        guard !name.hasPrefix("/") else { throw TarFormatError("entry \(name) has an absolute path") }
        guard !name.split(separator: "/").contains("..") else {
            throw TarFormatError("entry \(name) climbs out of the archive with '..'")
        }
        guard !name.contains("/"), name != "." else {
            throw TarFormatError("entry \(name) is not a plain file name; archives are flat")
        }
        guard !name.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\\") }) else {
            throw TarFormatError("entry \(name.debugDescription) contains a control character or backslash")
        }
    }

    private static func describe(_ type: UInt8) -> String {
        switch type {
        case UInt8(ascii: "1"): return "a hard link"
        case UInt8(ascii: "2"): return "a symbolic link"
        case UInt8(ascii: "3"): return "a character device"
        case UInt8(ascii: "4"): return "a block device"
        case UInt8(ascii: "5"): return "a directory"
        case UInt8(ascii: "6"): return "a FIFO"
        case UInt8(ascii: "x"), UInt8(ascii: "g"): return "a pax extended header"
        case UInt8(ascii: "L"), UInt8(ascii: "K"): return "a GNU long-name header"
        default: return "of type \(type < 0x20 || type > 0x7E ? "\(type)" : String(UnicodeScalar(type)))"
        }
    }

    /// A NUL- or space-terminated octal number; nil for anything else (including GNU base-256).
    private static func octal(_ field: ArraySlice<UInt8>) -> Int? {
        let digits = field.drop(while: { $0 == UInt8(ascii: " ") }).prefix(while: { $0 != 0 && $0 != UInt8(ascii: " ") })
        guard !digits.isEmpty, digits.count <= 11 else { return nil }
        var value = 0
        for digit in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(digit) else { return nil }
            value = value * 8 + Int(digit - UInt8(ascii: "0"))
        }
        return value
    }

    private static func text(_ field: ArraySlice<UInt8>) -> String {
        String(decoding: field.prefix(while: { $0 != 0 }), as: UTF8.self)
    }
}

/// Why a byte stream is not an acceptable archive; `reason` completes a sentence about the archive.
struct TarFormatError: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
