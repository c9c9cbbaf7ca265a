/// Concrete topics, the ones events are published to.
public enum EventTopic {
    /// Throws unless `topic` is dot-separated segments of [A-Za-z0-9_-]+ with no wildcards.
    public static func validate(_ topic: String) throws(EventBusError) {
        _ = try TopicSyntax.parse(topic, as: .topic)
    }
}
