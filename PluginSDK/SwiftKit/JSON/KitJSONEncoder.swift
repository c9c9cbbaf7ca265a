import Foundation

/// Encodes Codable values as compact JSON bytes, with the semantics of Foundation's
/// `JSONEncoder` in its default configuration but several times faster for small payloads.
///
/// Output is written in one pass into one buffer, keys in the order `encode(to:)` encodes them
/// (for synthesised Codable: declaration order). Strings are escaped as RFC 8259 requires; `/`
/// is left as it is. Doubles print in Swift's shortest round-trip form with integral values
/// as integers (1.0 → 1). Non-finite floating point values throw
/// `EncodingError.invalidValue`, as with Foundation.
///
/// An immutable value: share one freely between threads.
public struct KitJSONEncoder: Sendable {
    public init() {}

    // Inlinable so the generic entry point is specialised in the caller's module.
    @inlinable
    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        try Self.encodeStreaming(value)
    }
}

extension KitJSONEncoder {
    /// The non-inlinable rest of `encode`, so the streaming encoder can stay internal.
    @usableFromInline
    static func encodeStreaming<T: Encodable>(_ value: T) throws -> [UInt8] {
        if let bytes = try StreamEncoder().encodeRoot(value) { return bytes }
        // The value wrote a key twice or used containers out of order, which a streaming
        // encoder cannot honour (see `StreamEncoder`). Foundation builds a tree and can; such
        // values are rare enough that its speed does not matter. Sorted keys keep the output
        // deterministic, unescaped slashes keep it like ours.
        let foundation = JSONEncoder()
        foundation.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try foundation.encode(value))
    }
}
