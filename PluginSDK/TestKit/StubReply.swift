/// What a stub answers: a status, a content type and a body.
public struct StubReply: Sendable, Equatable {
    public let status: PluginStatus
    public let contentType: String
    public let body: [UInt8]

    public init(status: PluginStatus = .ok, contentType: String = "application/json", body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    /// A successful reply with `value` encoded as JSON.
    public static func json(_ value: some Encodable) throws -> StubReply {
        StubReply(body: try JSONCoding.encode(value, what: "a stub's reply"))
    }

    /// A successful reply with JSON written out as text.
    public static func json(text: String) -> StubReply {
        StubReply(body: Array(text.utf8))
    }

    /// A successful reply with raw bytes.
    public static func bytes(_ body: [UInt8], contentType: String = "application/octet-stream") -> StubReply {
        StubReply(contentType: contentType, body: body)
    }

    /// A failure with the ABI's standard error body, which the calling plugin sees exactly as it
    /// would see a real provider's failure.
    public static func error(_ status: PluginStatus, _ message: String) -> StubReply {
        struct Body: Encodable {
            struct Detail: Encodable {
                let code: String
                let message: String
            }
            let error: Detail
        }
        let body = (try? JSONCoding.encode(Body(error: .init(code: status.name, message: message)), what: "an error body")) ?? []
        return StubReply(status: status, body: body)
    }
}

/// Throw from a stub handler to answer with `status` and `message`. Any other error a handler
/// throws answers `internal` with the error's description.
public struct StubFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public let status: PluginStatus
    public let message: String

    public init(_ status: PluginStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { "\(status): \(message)" }
}
