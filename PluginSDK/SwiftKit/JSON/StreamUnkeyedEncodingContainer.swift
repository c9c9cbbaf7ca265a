/// Writes the elements of one JSON array. Two words, so it fits the inline buffer of
/// `any UnkeyedEncodingContainer` and costs no allocation.
struct StreamUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let encoder: StreamEncoder
    let handle: FrameHandle

    var codingPath: [any CodingKey] { encoder.path(of: handle) }

    var count: Int { encoder.isOpen(handle) ? encoder.frames[Int(handle.index)].count : 0 }

    private var nextKey: KitCodingKey { KitCodingKey(index: count) }

    mutating func encodeNil() throws {
        guard encoder.beginElement(handle) != nil else { return }
        encoder.output.append("null")
    }

    mutating func encode(_ value: Bool) throws { try element(value) }
    mutating func encode(_ value: String) throws { try element(value) }
    mutating func encode(_ value: Double) throws { try element(value) }
    mutating func encode(_ value: Float) throws { try element(value) }
    mutating func encode(_ value: Int) throws { try element(value) }
    mutating func encode(_ value: Int8) throws { try element(value) }
    mutating func encode(_ value: Int16) throws { try element(value) }
    mutating func encode(_ value: Int32) throws { try element(value) }
    mutating func encode(_ value: Int64) throws { try element(value) }
    mutating func encode(_ value: UInt) throws { try element(value) }
    mutating func encode(_ value: UInt8) throws { try element(value) }
    mutating func encode(_ value: UInt16) throws { try element(value) }
    mutating func encode(_ value: UInt32) throws { try element(value) }
    mutating func encode(_ value: UInt64) throws { try element(value) }
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    mutating func encode(_ value: Int128) throws { try element(value) }
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    mutating func encode(_ value: UInt128) throws { try element(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try element(value) }

    private func element<T: Encodable>(_ value: T) throws {
        let key = nextKey
        guard let mark = encoder.beginElement(handle) else { return }
        try encoder.encodeEntry(value, key: key, mark: mark, in: handle)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(StreamKeyedEncodingContainer<NestedKey>(encoder: encoder, handle: detachedElement(.object).handle))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        StreamUnkeyedEncodingContainer(encoder: encoder, handle: detachedElement(.array).handle)
    }

    mutating func superEncoder() -> any Encoder {
        let (handle, path) = detachedElement(.pending)
        return StreamSuperEncoder(encoder: encoder, handle: handle, path: path)
    }

    /// Begins the next element and opens a detached frame of `kind` for it.
    private func detachedElement(_ kind: EncodingFrame.Kind) -> (handle: FrameHandle, path: [any CodingKey]) {
        let path = codingPath + [nextKey]
        guard encoder.beginElement(handle) != nil else { return (.none, path) }
        return (encoder.pushDetached(kind, path: path), path)
    }
}
