import Crypto

/// Where the body of a transfer goes. It may already hold bytes from an earlier attempt; a resumed
/// transfer appends to them, a restarted one empties it first.
protocol TransferSink: AnyObject {
    var count: Int64 { get }
    /// Bytes the sink can still take before its storage is full, when that is knowable.
    var availableSpace: Int64? { get }
    /// The file the bytes end up in, for messages; nil in memory.
    var storagePath: String? { get }
    func append(_ bytes: UnsafeRawBufferPointer) throws(FetchError)
    func restart() throws(FetchError)
    func sha256Hex() -> String
}

/// Collects a small body (an index, a signature) in memory.
final class MemorySink: TransferSink {
    private(set) var bytes: [UInt8] = []

    var count: Int64 { Int64(bytes.count) }
    var availableSpace: Int64? { nil }
    var storagePath: String? { nil }

    func append(_ buffer: UnsafeRawBufferPointer) throws(FetchError) {
        bytes.append(contentsOf: buffer)
    }

    func restart() throws(FetchError) {
        bytes.removeAll(keepingCapacity: true)
    }

    func sha256Hex() -> String {
        SHA256.hash(data: bytes).lowercaseHex
    }
}

extension Sequence where Element == UInt8 {
    var lowercaseHex: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

enum SHA256Text {
    /// A lower-case 64-digit hex string, or nil when `text` is not one (upper case is accepted).
    static func normalized(_ text: String) -> String? {
        let lower = text.lowercased()
        guard lower.utf8.count == 64, lower.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
        else { return nil }
        return lower
    }

    static func refusal(of text: String, url: String) -> FetchError {
        .invalidRequest(url: url, reason: "the expected SHA-256 \"\(text)\" is not 64 hex digits")
    }
}
