/// Keyed access to one JSON object in the tape.
///
/// Small objects are searched linearly (`TapeDecoder.member(named:in:)`), comparing key bytes in
/// place: for the handful of keys a request struct has, that is faster than building any index.
/// Objects with many members (dictionaries) get a hash index once, when the container is made.
/// Either way a repeated key finds its first occurrence, as in Foundation.
struct TapeKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: TapeDecoder
    let object: Int
    let depth: Int
    /// First occurrence of each member name → tape index of its value (large objects only).
    private let index: [String: Int]?

    init(decoder: TapeDecoder, object: Int, depth: Int) {
        self.decoder = decoder
        self.object = object
        self.depth = depth
        let count = Int(decoder.nodes[object].length)
        if count > TapeNode.largeObject {
            var index = [String: Int](minimumCapacity: count)
            var member = object + 1
            for _ in 0..<count {
                let name = JSONStringText.string(decoder.nodes[member], in: decoder.bytes)
                if index[name] == nil { index[name] = member + 1 }
                member = Int(decoder.nodes[member + 1].next)
            }
            self.index = index
        } else {
            self.index = nil
        }
    }

    var codingPath: [any CodingKey] { decoder.path(depth) }

    /// Member names in document order, each once, that `Key` accepts.
    var allKeys: [Key] {
        var keys: [Key] = []
        var seen = Set<String>()
        var member = object + 1
        for _ in 0..<Int(decoder.nodes[object].length) {
            let name = JSONStringText.string(decoder.nodes[member], in: decoder.bytes)
            if seen.insert(name).inserted, let key = Key(stringValue: name) { keys.append(key) }
            member = Int(decoder.nodes[member + 1].next)
        }
        return keys
    }

    func contains(_ key: Key) -> Bool { valueIndex(of: key) != nil }

    // MARK: Lookup

    private func valueIndex(of key: Key) -> Int? { valueIndex(named: key.stringValue) }

    /// Tape index of the value of the first member called `name`, if any.
    private func valueIndex(named name: String) -> Int? {
        if let index { return index[name] }
        return decoder.member(named: name, in: object)
    }

    private func require(_ key: Key) throws -> Int {
        guard let index = valueIndex(of: key) else {
            throw DecodingErrorFactory.keyNotFound(key, codingPath: codingPath)
        }
        return index
    }

    /// The value's index if the key is present and not null (what decodeIfPresent decodes).
    private func presentIndex(of key: Key) -> Int? {
        guard let index = valueIndex(of: key), decoder.nodes[index].kind != .null else { return nil }
        return index
    }

    // MARK: Values

    // Each overload calls the decoder with a concrete type, so that the call is specialised:
    // a generic helper here would stay generic over Key and cost a metadata lookup per value.

    func decodeNil(forKey key: Key) throws -> Bool { decoder.nodes[try require(key)].kind == .null }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try decoder.scalar(Bool.self, at: try require(key), path: decoder.path(depth, key))
    }
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try decoder.scalar(String.self, at: try require(key), path: decoder.path(depth, key))
    }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try decoder.scalar(Double.self, at: try require(key), path: decoder.path(depth, key))
    }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        try decoder.scalar(Float.self, at: try require(key), path: decoder.path(depth, key))
    }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
        try decoder.scalar(Int.self, at: try require(key), path: decoder.path(depth, key))
    }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 {
        try decoder.scalar(Int8.self, at: try require(key), path: decoder.path(depth, key))
    }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 {
        try decoder.scalar(Int16.self, at: try require(key), path: decoder.path(depth, key))
    }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 {
        try decoder.scalar(Int32.self, at: try require(key), path: decoder.path(depth, key))
    }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 {
        try decoder.scalar(Int64.self, at: try require(key), path: decoder.path(depth, key))
    }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt {
        try decoder.scalar(UInt.self, at: try require(key), path: decoder.path(depth, key))
    }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 {
        try decoder.scalar(UInt8.self, at: try require(key), path: decoder.path(depth, key))
    }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 {
        try decoder.scalar(UInt16.self, at: try require(key), path: decoder.path(depth, key))
    }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 {
        try decoder.scalar(UInt32.self, at: try require(key), path: decoder.path(depth, key))
    }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 {
        try decoder.scalar(UInt64.self, at: try require(key), path: decoder.path(depth, key))
    }

    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    func decode(_ type: Int128.Type, forKey key: Key) throws -> Int128 {
        try decoder.scalar(Int128.self, at: try require(key), path: decoder.path(depth, key))
    }

    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    func decode(_ type: UInt128.Type, forKey key: Key) throws -> UInt128 {
        try decoder.scalar(UInt128.self, at: try require(key), path: decoder.path(depth, key))
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder.decodeValue(T.self, at: try require(key), key: key, depth: depth)
    }

    // The protocol's default decodeIfPresent looks the key up three times; these look once.
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        try presentIndex(of: key).map { try decoder.scalar(Bool.self, at: $0, path: decoder.path(depth, key)) }
    }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        try presentIndex(of: key).map { try decoder.scalar(String.self, at: $0, path: decoder.path(depth, key)) }
    }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        try presentIndex(of: key).map { try decoder.scalar(Double.self, at: $0, path: decoder.path(depth, key)) }
    }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? {
        try presentIndex(of: key).map { try decoder.scalar(Float.self, at: $0, path: decoder.path(depth, key)) }
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        try presentIndex(of: key).map { try decoder.scalar(Int.self, at: $0, path: decoder.path(depth, key)) }
    }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? {
        try presentIndex(of: key).map { try decoder.scalar(Int8.self, at: $0, path: decoder.path(depth, key)) }
    }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? {
        try presentIndex(of: key).map { try decoder.scalar(Int16.self, at: $0, path: decoder.path(depth, key)) }
    }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? {
        try presentIndex(of: key).map { try decoder.scalar(Int32.self, at: $0, path: decoder.path(depth, key)) }
    }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        try presentIndex(of: key).map { try decoder.scalar(Int64.self, at: $0, path: decoder.path(depth, key)) }
    }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? {
        try presentIndex(of: key).map { try decoder.scalar(UInt.self, at: $0, path: decoder.path(depth, key)) }
    }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? {
        try presentIndex(of: key).map { try decoder.scalar(UInt8.self, at: $0, path: decoder.path(depth, key)) }
    }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? {
        try presentIndex(of: key).map { try decoder.scalar(UInt16.self, at: $0, path: decoder.path(depth, key)) }
    }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? {
        try presentIndex(of: key).map { try decoder.scalar(UInt32.self, at: $0, path: decoder.path(depth, key)) }
    }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? {
        try presentIndex(of: key).map { try decoder.scalar(UInt64.self, at: $0, path: decoder.path(depth, key)) }
    }

    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    func decodeIfPresent(_ type: Int128.Type, forKey key: Key) throws -> Int128? {
        try presentIndex(of: key).map { try decoder.scalar(Int128.self, at: $0, path: decoder.path(depth, key)) }
    }

    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    func decodeIfPresent(_ type: UInt128.Type, forKey key: Key) throws -> UInt128? {
        try presentIndex(of: key).map { try decoder.scalar(UInt128.self, at: $0, path: decoder.path(depth, key)) }
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try presentIndex(of: key).map { try decoder.decodeValue(T.self, at: $0, key: key, depth: depth) }
    }

    // MARK: Nesting

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey> {
        try decoder.child(at: try require(key), path: decoder.path(depth, key)).container(keyedBy: NestedKey.self)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder.child(at: try require(key), path: decoder.path(depth, key)).unkeyedContainer()
    }

    /// Like Foundation, a missing "super" key yields a decoder of null rather than an error.
    func superDecoder() throws -> any Decoder {
        let index = valueIndex(named: "super") ?? decoder.absentValue
        return decoder.child(at: index, path: decoder.path(depth, KitCodingKey.super))
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        decoder.child(at: valueIndex(of: key) ?? decoder.absentValue, path: decoder.path(depth, key))
    }
}
