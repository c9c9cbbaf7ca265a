/// The `Decoder` handed to `init(from:)`: a position in the parsed tape plus the coding path.
///
/// One instance serves a whole decode. Decoding a nested value moves `current` to it and pushes
/// its key, then restores both, instead of allocating a decoder per value. Containers remember
/// the path depth at which they were made and report `codingPath.prefix(depth)`, which stays
/// right because nested decodes always pop what they push before the container is used again.
/// (`nestedContainer` and `superDecoder` hand out a separate child decoder with its own path.)
///
/// Not thread-safe and never shared: it lives for one `KitJSONDecoder.decode` call, reading
/// input bytes that are only borrowed for that call.
final class TapeDecoder {
    let nodes: TapeStorage
    let bytes: UnsafePointer<UInt8>
    /// Child decoders keep the decoder that owns (and frees) the tape alive.
    private let owner: TapeDecoder?
    // Exclusivity checks are off for these two: they are only touched by this single-threaded
    // decode, and runtime checks on every nested value would cost more than the value itself.
    @exclusivity(unchecked) var codingPath: [any CodingKey]
    /// Tape index of the value this decoder currently stands for.
    @exclusivity(unchecked) var current: Int

    private init(nodes: TapeStorage, bytes: UnsafePointer<UInt8>, owner: TapeDecoder?, codingPath: [any CodingKey], current: Int) {
        self.nodes = nodes
        self.bytes = bytes
        self.owner = owner
        self.codingPath = codingPath
        self.current = current
    }

    deinit {
        if owner == nil { nodes.deallocate() }
    }

    /// Parses `buffer`, turning a syntax error into Foundation's `DecodingError.dataCorrupted`.
    static func parsing(_ buffer: UnsafeRawBufferPointer) throws -> TapeDecoder {
        do {
            let nodes = try TapeParser.parse(buffer)
            return TapeDecoder(nodes: nodes, bytes: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self),
                               owner: nil, codingPath: [], current: 0)
        } catch {
            throw error.decodingError
        }
    }

    /// Index of the spare `null` node at the end of the tape: the value of an absent key where
    /// Foundation hands out a decoder anyway (`superDecoder()`).
    var absentValue: Int { nodes.count - 1 }

    /// The coding path of a container made at `depth`.
    func path(_ depth: Int) -> [any CodingKey] {
        depth >= codingPath.count ? codingPath : Array(codingPath[..<depth])
    }

    /// The coding path of a container made at `depth`, plus `key`; built only for errors.
    func path(_ depth: Int, _ key: any CodingKey) -> [any CodingKey] {
        path(depth) + [key]
    }

    /// A separate decoder for the value at `index`, for containers and decoders that may be
    /// used in any order (nested containers, super decoders).
    func child(at index: Int, path: [any CodingKey]) -> TapeDecoder {
        TapeDecoder(nodes: nodes, bytes: bytes, owner: owner ?? self, codingPath: path, current: index)
    }

    /// Reads a scalar at `index`, or throws the Foundation-style error for what is there.
    func scalar<Value: TapeScalar>(_ type: Value.Type, at index: Int, path: @autoclosure () -> [any CodingKey]) throws -> Value {
        let node = nodes[index]
        guard let value = Value.read(node, in: bytes) else {
            throw DecodingErrorFactory.failure(reading: Value.self, from: node, in: bytes, codingPath: path())
        }
        return value
    }

    /// Top level of a decode: the value at tape index 0, with an empty coding path.
    func decodeRoot<T: Decodable>(_ type: T.Type) throws -> T {
        try decodeValue(T.self, at: 0, key: nil, depth: 0)
    }
}

extension TapeDecoder: Decoder {
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let node = nodes[current]
        guard node.kind == .object else {
            throw containerFailure([String: Any].self, node, "Cannot get keyed decoding container -- found null value instead")
        }
        return KeyedDecodingContainer(TapeKeyedDecodingContainer<Key>(decoder: self, object: current, depth: codingPath.count))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let node = nodes[current]
        guard node.kind == .array else {
            throw containerFailure([Any].self, node, "Cannot get unkeyed decoding container -- found null value instead")
        }
        return TapeUnkeyedDecodingContainer(decoder: self, array: current, depth: codingPath.count)
    }

    // The decoder is its own single value container: no allocation, same position and path.
    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    private func containerFailure(_ type: Any.Type, _ node: TapeNode, _ nullDescription: String) -> DecodingError {
        node.kind == .null
            ? DecodingErrorFactory.valueNotFound(type, codingPath: codingPath, nullDescription)
            : DecodingErrorFactory.typeMismatch(type, found: node, codingPath: codingPath)
    }
}
