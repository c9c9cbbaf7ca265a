/// One call a plugin made to a stubbed capability, as the stub's handler receives it. The kit also
/// records it, so a test can assert on what the plugin sent (`PluginTestHost.calls(to:)`).
public struct StubCall: Sendable, Equatable {
    public let capability: String
    /// Name of the calling plugin, as it set `aip_request.caller`.
    public let caller: String
    public let contentType: String
    public let body: [UInt8]

    public init(capability: String, caller: String, contentType: String, body: [UInt8]) {
        self.capability = capability
        self.caller = caller
        self.contentType = contentType
        self.body = body
    }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// Decodes the body as JSON; an empty body counts as `{}`, as the ABI says.
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try JSONCoding.decode(type, from: body.isEmpty ? Array("{}".utf8) : body,
                              what: "the request \(caller) sent to \(capability)")
    }
}
