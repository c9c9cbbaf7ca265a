/// Decodes Codable values from JSON bytes, with the semantics of Foundation's `JSONDecoder` in
/// its default configuration but several times faster for the small payloads plugins exchange.
///
/// It parses the bytes in place into a flat tape of values (one allocation) and decodes from
/// that; strings and numbers are converted only when asked for. Errors are the usual
/// `DecodingError`s with their coding paths; malformed JSON is `dataCorrupted` naming the byte
/// offset. See `TapeParser` for what strict parsing rejects.
///
/// An immutable value: share one freely between threads.
public struct KitJSONDecoder: Sendable {
    public init() {}

    /// Decodes `type` from `bytes`, which need only stay valid for the duration of the call.
    // Inlinable so the generic entry point is specialised in the caller's module.
    @inlinable
    public func decode<T: Decodable>(_ type: T.Type, from bytes: UnsafeRawBufferPointer) throws -> T {
        try Self.decodeParsing(T.self, from: bytes)
    }

    @inlinable
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try bytes.withUnsafeBytes { buffer in try decode(T.self, from: buffer) }
    }
}

extension KitJSONDecoder {
    /// The non-inlinable rest of `decode`, so the parser and decoder can stay internal.
    @usableFromInline
    static func decodeParsing<T: Decodable>(_ type: T.Type, from bytes: UnsafeRawBufferPointer) throws -> T {
        try TapeDecoder.parsing(bytes).decodeRoot(T.self)
    }
}
