/// The http plugin's config section (`plugins.http`), after the host filled in the schema's
/// defaults. The schema itself is in `HTTPSettings.schema` and the plugin's manifest.
public struct HTTPSettings: Decodable, Sendable, Equatable {
    /// Address to listen on; loopback unless the operator opens it up on purpose.
    public var host: String
    /// 0 picks a free port (tests); the bound URL is published as `http.listening`.
    public var port: Int
    public var tokens: [TokenEntry]
    /// Threads that run capability calls, which may block (isolated plugins, slow plugins).
    public var callThreads: Int
    /// Threads that run the handlers of streaming routes, one per open stream.
    public var streamThreads: Int
    public var maxBodyBytes: Int
    /// How long a graceful stop waits for requests in flight.
    public var drainTimeoutMs: Int
    /// Comment lines sent on an idle event stream, so dead clients are noticed.
    public var sseHeartbeatMs: Int

    enum CodingKeys: String, CodingKey {
        case host, port, tokens
        case callThreads = "call_threads"
        case streamThreads = "stream_threads"
        case maxBodyBytes = "max_body_bytes"
        case drainTimeoutMs = "drain_timeout_ms"
        case sseHeartbeatMs = "sse_heartbeat_ms"
    }

    public init(host: String = "127.0.0.1", port: Int = 8080, tokens: [TokenEntry] = [], callThreads: Int = 16,
                streamThreads: Int = 64, maxBodyBytes: Int = 1 << 20, drainTimeoutMs: Int = 10_000, sseHeartbeatMs: Int = 15_000) {
        self.host = host
        self.port = port
        self.tokens = tokens
        self.callThreads = callThreads
        self.streamThreads = streamThreads
        self.maxBodyBytes = maxBodyBytes
        self.drainTimeoutMs = drainTimeoutMs
        self.sseHeartbeatMs = sseHeartbeatMs
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        host = try container.decode(String.self, forKey: .host)
        port = try container.decode(Int.self, forKey: .port)
        tokens = try container.decode([TokenEntry].self, forKey: .tokens)
        callThreads = try container.decode(Int.self, forKey: .callThreads)
        // Absent from configs written before streaming routes existed (and from reconfigure calls).
        streamThreads = try container.decodeIfPresent(Int.self, forKey: .streamThreads) ?? 64
        maxBodyBytes = try container.decode(Int.self, forKey: .maxBodyBytes)
        drainTimeoutMs = try container.decode(Int.self, forKey: .drainTimeoutMs)
        sseHeartbeatMs = try container.decode(Int.self, forKey: .sseHeartbeatMs)
    }

    public static let schema = """
    {"type": "object",
     "properties": {
       "host": {"type": "string", "minLength": 1, "default": "127.0.0.1"},
       "port": {"type": "integer", "minimum": 0, "maximum": 65535, "default": 8080},
       "tokens": {"type": "array", "default": [],
                  "items": {"type": "object", "required": ["name", "sha256", "capabilities"],
                            "additionalProperties": false,
                            "properties": {
                              "name": {"type": "string", "minLength": 1},
                              "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                              "capabilities": {"type": "array", "items": {"type": "string", "minLength": 1}}}}},
       "call_threads": {"type": "integer", "minimum": 1, "maximum": 1024, "default": 16},
       "stream_threads": {"type": "integer", "minimum": 1, "maximum": 4096, "default": 64},
       "max_body_bytes": {"type": "integer", "minimum": 1, "default": 1048576},
       "drain_timeout_ms": {"type": "integer", "minimum": 0, "default": 10000},
       "sse_heartbeat_ms": {"type": "integer", "minimum": 100, "default": 15000}},
     "additionalProperties": false}
    """
}
