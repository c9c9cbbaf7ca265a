import AIPluginABI

/// A call that reached a capability the host itself provides (`PluginHost.provide`). Everything is
/// copied out of the C request, so a handler may keep it after it returns.
public struct HostRequest: Sendable {
    /// The capability that was called (one handler may serve several names).
    public let capability: String
    /// `application/json` when the caller left the content type NULL, as the ABI says.
    public let contentType: String
    public let body: [UInt8]
    /// Name of the calling plugin, or "host" / "cli"; empty when the caller set none.
    public let caller: String

    public init(capability: String, contentType: String, body: [UInt8], caller: String) {
        self.capability = capability
        self.contentType = contentType
        self.body = body
        self.caller = caller
    }
}

/// What a host-provided capability answers: an ABI status, a content type and a body. The host
/// copies the body into `host->alloc` memory, so the caller frees it exactly as a plugin's reply.
public struct HostReply: Sendable, Equatable {
    public var status: Int32
    public var contentType: String
    public var body: [UInt8]

    public init(status: Int32 = AIP_OK, contentType: String = "application/json", body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}
