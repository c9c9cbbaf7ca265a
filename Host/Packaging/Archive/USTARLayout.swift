/// Where the POSIX ustar header (IEEE Std 1003.1, "pax" format without extended headers) keeps
/// each field. Shared by the writer and the reader so the two cannot disagree.
enum USTARLayout {
    static let blockSize = 512

    static let name = 0..<100
    static let mode = 100..<108
    static let uid = 108..<116
    static let gid = 116..<124
    static let size = 124..<136
    static let mtime = 136..<148
    static let checksum = 148..<156
    static let typeFlag = 156
    static let linkName = 157..<257
    static let magic = 257..<263
    static let version = 263..<265
    static let uname = 265..<297
    static let gname = 297..<329
    static let deviceMajor = 329..<337
    static let deviceMinor = 337..<345
    static let prefix = 345..<500

    static let regularFileType = UInt8(ascii: "0")
    static let magicBytes: [UInt8] = Array("ustar\0".utf8)
    static let versionBytes: [UInt8] = Array("00".utf8)

    /// The header checksum: the sum of all header bytes with the checksum field counted as spaces.
    static func checksum(of header: ArraySlice<UInt8>) -> Int {
        var sum = 0
        for (offset, byte) in header.enumerated() {
            sum += checksum.contains(offset) ? Int(UInt8(ascii: " ")) : Int(byte)
        }
        return sum
    }

    /// Bytes needed to fill the last block of `size` bytes of data.
    static func padding(after size: Int) -> Int {
        (blockSize - size % blockSize) % blockSize
    }
}
