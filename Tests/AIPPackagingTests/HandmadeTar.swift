import Foundation

/// Builds ustar bytes field by field, independently of AIPPackaging's writer, so tests can craft
/// the hostile archives a real writer would never produce.
enum HandmadeTar {
    struct Entry {
        var name: String
        var type: Character = "0"
        var contents: [UInt8] = []
        var linkName = ""
    }

    static func archive(_ entries: [Entry]) -> [UInt8] {
        var bytes: [UInt8] = []
        for entry in entries {
            bytes += header(entry)
            bytes += entry.contents
            bytes += [UInt8](repeating: 0, count: (512 - entry.contents.count % 512) % 512)
        }
        return bytes + [UInt8](repeating: 0, count: 1024)
    }

    /// A valid CHECKSUMS entry for `files`, so only the property under test makes an archive bad.
    static func checksums(for files: [(String, [UInt8])]) -> Entry {
        let lines = files.sorted { $0.0 < $1.0 }.map { "\(sha256Hex($0.1))  \($0.0)\n" }.joined()
        return Entry(name: "CHECKSUMS", contents: Array(lines.utf8))
    }

    static func sha256Hex(_ bytes: [UInt8]) -> String {
        // sha256sum rather than swift-crypto: an implementation the code under test does not share.
        let file = NSTemporaryDirectory() + "handmade-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: file) }
        guard (try? Data(bytes).write(to: URL(fileURLWithPath: file))) != nil,
              let output = try? runProcess("/usr/bin/env", ["sha256sum", file]).output else { return "" }
        return String(output.prefix(64))
    }

    private static func header(_ entry: Entry) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int) {
            for (index, byte) in text.utf8.enumerated() { block[offset + index] = byte }
        }
        put(entry.name, at: 0)
        put("0000644", at: 100)
        put("0000000", at: 108)
        put("0000000", at: 116)
        put(String(format: "%011o", entry.contents.count), at: 124)
        put("00000000000", at: 136)
        put(String(entry.type), at: 156)
        put(entry.linkName, at: 157)
        put("ustar", at: 257)
        put("00", at: 263)
        put("        ", at: 148)
        let sum = block.reduce(0) { $0 + Int($1) }
        put(String(format: "%06o", sum) + "\0 ", at: 148)
        return block
    }
}
