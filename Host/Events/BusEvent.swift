/// What a subscriber receives. One instance is shared by every subscriber of a publish, so the
/// payload is copied once per event, not once per subscriber.
public struct BusEvent: Sendable {
    public let topic: String
    public let contentType: String
    public let payload: [UInt8]
    /// The publishing plugin's name, or "host".
    public let source: String
    /// Bus-wide, strictly increasing in the order publishes were admitted.
    public let sequence: UInt64
    /// Wall clock, nanoseconds since the Unix epoch. Not guaranteed to increase with `sequence`
    /// (it is read outside the bus lock, and wall clocks can step).
    public let timestampNanos: Int64

    public init(topic: String, contentType: String, payload: [UInt8], source: String,
                sequence: UInt64, timestampNanos: Int64) {
        self.topic = topic
        self.contentType = contentType
        self.payload = payload
        self.source = source
        self.sequence = sequence
        self.timestampNanos = timestampNanos
    }
}
