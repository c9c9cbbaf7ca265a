/// The encoder `superEncoder()` returns: it writes into its own detached frame (the value of
/// the "super" key or element) through the shared `StreamEncoder`.
final class StreamSuperEncoder: Encoder {
    let encoder: StreamEncoder
    let handle: FrameHandle
    let codingPath: [any CodingKey]

    init(encoder: StreamEncoder, handle: FrameHandle, path: [any CodingKey]) {
        self.encoder = encoder
        self.handle = handle
        self.codingPath = path
    }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(StreamKeyedEncodingContainer<Key>(encoder: encoder, handle: encoder.keyedFrame(handle)))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        StreamUnkeyedEncodingContainer(encoder: encoder, handle: encoder.unkeyedFrame(handle))
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        StreamSingleValueEncodingContainer(encoder: encoder, handle: handle)
    }
}
