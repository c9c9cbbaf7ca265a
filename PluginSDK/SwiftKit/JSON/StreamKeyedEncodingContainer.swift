/// Writes the members of one JSON object, in the order they are encoded.
struct StreamKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: StreamEncoder
    let handle: FrameHandle

    var codingPath: [any CodingKey] { encoder.path(of: handle) }

    mutating func encodeNil(forKey key: Key) throws {
        guard encoder.beginMember(handle, key: key.stringValue) != nil else { return }
        encoder.output.append("null")
    }

    mutating func encode(_ value: Bool, forKey key: Key) throws { try member(value, key) }
    mutating func encode(_ value: String, forKey key: Key) throws { try member(value, key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try member(value, key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try member(value, key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try member(value, key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try member(value, key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try member(value, key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try member(value, key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try member(value, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try member(value, key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try member(value, key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try member(value, key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try member(value, key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try member(value, key) }
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    mutating func encode(_ value: Int128, forKey key: Key) throws { try member(value, key) }
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    mutating func encode(_ value: UInt128, forKey key: Key) throws { try member(value, key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try member(value, key) }

    private func member<T: Encodable>(_ value: T, _ key: Key) throws {
        guard let mark = encoder.beginMember(handle, key: key.stringValue) else { return }
        try encoder.encodeEntry(value, key: key, mark: mark, in: handle)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(StreamKeyedEncodingContainer<NestedKey>(encoder: encoder, handle: detachedMember(.object, key).handle))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        StreamUnkeyedEncodingContainer(encoder: encoder, handle: detachedMember(.array, key).handle)
    }

    mutating func superEncoder() -> any Encoder {
        let (handle, path) = detachedMember(.pending, KitCodingKey.super)
        return StreamSuperEncoder(encoder: encoder, handle: handle, path: path)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let (handle, path) = detachedMember(.pending, key)
        return StreamSuperEncoder(encoder: encoder, handle: handle, path: path)
    }

    /// Begins the member `key` and opens a detached frame of `kind` for its value.
    private func detachedMember(_ kind: EncodingFrame.Kind, _ key: any CodingKey) -> (handle: FrameHandle, path: [any CodingKey]) {
        let path = codingPath + [key]
        guard encoder.beginMember(handle, key: key.stringValue) != nil else { return (.none, path) }
        return (encoder.pushDetached(kind, path: path), path)
    }
}
