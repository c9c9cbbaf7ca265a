/// What `host.metrics` answers (JSON), as the http plugin reads it.
public struct MetricsSnapshot: Codable, Sendable, Equatable {
    public struct Capability: Codable, Sendable, Equatable {
        public struct Bucket: Codable, Sendable, Equatable {
            /// Upper bound in seconds; nil for +Inf.
            public var le: Double?
            public var count: UInt64
        }
        public var capability: String
        public var calls: UInt64
        public var errors: UInt64
        public var latencySecondsSum: Double
        public var latencyBuckets: [Bucket]
    }

    public struct Events: Codable, Sendable, Equatable {
        public var published: UInt64
        public var delivered: UInt64
        /// Events a subscriber never saw (queue overflow, unsubscribed with events queued).
        public var dropped: UInt64
        public var queued: Int
    }

    public struct Plugin: Codable, Sendable, Equatable {
        public var name: String
        public var version: String
        public var state: String
        public var isolation: String
        public var restarts: Int
    }

    public var capabilities: [Capability]
    public var events: Events
    public var plugins: [Plugin]
    public var uptimeSeconds: Double
}
