/// Writes the one value of a frame. Two words, so `any SingleValueEncodingContainer` holds it
/// inline.
struct StreamSingleValueEncodingContainer: SingleValueEncodingContainer {
    let encoder: StreamEncoder
    let handle: FrameHandle

    var codingPath: [any CodingKey] { encoder.path(of: handle) }

    mutating func encodeNil() throws {
        guard begin() else { return }
        encoder.output.append("null")
        encoder.frames[Int(handle.index)].kind = .scalar
    }

    mutating func encode(_ value: Bool) throws { try single(value) }
    mutating func encode(_ value: String) throws { try single(value) }
    mutating func encode(_ value: Double) throws { try single(value) }
    mutating func encode(_ value: Float) throws { try single(value) }
    mutating func encode(_ value: Int) throws { try single(value) }
    mutating func encode(_ value: Int8) throws { try single(value) }
    mutating func encode(_ value: Int16) throws { try single(value) }
    mutating func encode(_ value: Int32) throws { try single(value) }
    mutating func encode(_ value: Int64) throws { try single(value) }
    mutating func encode(_ value: UInt) throws { try single(value) }
    mutating func encode(_ value: UInt8) throws { try single(value) }
    mutating func encode(_ value: UInt16) throws { try single(value) }
    mutating func encode(_ value: UInt32) throws { try single(value) }
    mutating func encode(_ value: UInt64) throws { try single(value) }
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    mutating func encode(_ value: Int128) throws { try single(value) }
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    mutating func encode(_ value: UInt128) throws { try single(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try single(value) }

    private func single<T: Encodable>(_ value: T) throws {
        guard begin() else { return }
        try encoder.encodeValue(value, into: handle)
    }

    /// A single value container writes once: a second value, or a value where a container
    /// already wrote, is the misuse Foundation traps on.
    private func begin() -> Bool {
        guard encoder.activate(handle) else { return false }
        guard encoder.frames[Int(handle.index)].kind == .pending else {
            encoder.recordMisuse("Attempt to encode value through single value container when previously value already encoded.", at: handle)
            return false
        }
        return true
    }
}
