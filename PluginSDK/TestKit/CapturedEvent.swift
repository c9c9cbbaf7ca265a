/// An event a plugin published, as the test host captured it.
public struct CapturedEvent: Sendable, Equatable {
    public let topic: String
    /// The publishing plugin's name.
    public let source: String
    public let contentType: String
    public let payload: [UInt8]
    /// The bus's publish number: strictly increasing in publish order.
    public let sequence: UInt64

    public init(topic: String, source: String, contentType: String, payload: [UInt8], sequence: UInt64) {
        self.topic = topic
        self.source = source
        self.contentType = contentType
        self.payload = payload
        self.sequence = sequence
    }

    /// The payload as UTF-8 text.
    public var text: String { String(decoding: payload, as: UTF8.self) }

    /// Decodes the payload as JSON.
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try JSONCoding.decode(type, from: payload, what: "the payload of event \(topic) from \(source)")
    }
}
