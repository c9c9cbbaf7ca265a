/// Sequential access to one JSON array in the tape.
///
/// Kept at three words (the decoder plus four 32-bit fields) so that it fits the inline
/// buffer of `any UnkeyedDecodingContainer` and costs no allocation.
struct TapeUnkeyedDecodingContainer: UnkeyedDecodingContainer {
    let decoder: TapeDecoder
    private let array: UInt32
    private let depth: UInt32
    /// Tape index of the next element.
    private var cursor: UInt32
    private var index: UInt32

    init(decoder: TapeDecoder, array: Int, depth: Int) {
        self.decoder = decoder
        self.array = UInt32(array)
        self.depth = UInt32(depth)
        self.cursor = UInt32(array + 1)
        self.index = 0
    }

    var codingPath: [any CodingKey] { decoder.path(Int(depth)) }
    var count: Int? { Int(decoder.nodes[Int(array)].length) }
    var isAtEnd: Bool { index >= decoder.nodes[Int(array)].length }
    var currentIndex: Int { Int(index) }

    private var elementKey: KitCodingKey { KitCodingKey(index: Int(index)) }

    /// Throws Foundation's "at end" error when no element is left for a `type`.
    private func requireElement(_ type: Any.Type, _ description: String = "Unkeyed container is at end.") throws {
        if isAtEnd {
            throw DecodingErrorFactory.valueNotFound(type, codingPath: decoder.path(Int(depth), elementKey), description)
        }
    }

    private mutating func advance() {
        cursor = decoder.nodes[Int(cursor)].next
        index += 1
    }

    /// Reads the next element; on failure the position stays where it was, as in Foundation.
    private mutating func scalar<Value: TapeScalar>(_ type: Value.Type) throws -> Value {
        try requireElement(Value.self)
        let value = try decoder.scalar(Value.self, at: Int(cursor), path: decoder.path(Int(depth), elementKey))
        advance()
        return value
    }

    mutating func decodeNil() throws -> Bool {
        try requireElement(Never.self)
        guard decoder.nodes[Int(cursor)].kind == .null else { return false }
        advance()
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try scalar(Bool.self) }
    mutating func decode(_ type: String.Type) throws -> String { try scalar(String.self) }
    mutating func decode(_ type: Double.Type) throws -> Double { try scalar(Double.self) }
    mutating func decode(_ type: Float.Type) throws -> Float { try scalar(Float.self) }
    mutating func decode(_ type: Int.Type) throws -> Int { try scalar(Int.self) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try scalar(Int8.self) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try scalar(Int16.self) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try scalar(Int32.self) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try scalar(Int64.self) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try scalar(UInt.self) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try scalar(UInt8.self) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try scalar(UInt16.self) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try scalar(UInt32.self) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try scalar(UInt64.self) }

    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    mutating func decode(_ type: Int128.Type) throws -> Int128 { try scalar(Int128.self) }
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    mutating func decode(_ type: UInt128.Type) throws -> UInt128 { try scalar(UInt128.self) }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try requireElement(T.self)
        let value = try decoder.decodeValue(T.self, at: Int(cursor), key: elementKey, depth: Int(depth))
        advance()
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey> {
        try requireElement(KeyedDecodingContainer<NestedKey>.self)
        let container = try decoder.child(at: Int(cursor), path: decoder.path(Int(depth), elementKey))
            .container(keyedBy: NestedKey.self)
        advance()
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try requireElement((any UnkeyedDecodingContainer).self)
        let container = try decoder.child(at: Int(cursor), path: decoder.path(Int(depth), elementKey)).unkeyedContainer()
        advance()
        return container
    }

    mutating func superDecoder() throws -> any Decoder {
        try requireElement((any Decoder).self, "Cannot get superDecoder() -- unkeyed container is at end.")
        let decoder = decoder.child(at: Int(cursor), path: decoder.path(Int(depth), elementKey))
        advance()
        return decoder
    }
}
