import Foundation

/// A capability's answer as bytes, whatever its status: what `callRaw` returns, for tests that
/// assert on statuses, content types or non-JSON bodies.
public struct CallReply: Sendable, Equatable {
    public let status: PluginStatus
    public let contentType: String
    public let body: [UInt8]

    public init(status: PluginStatus, contentType: String, body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    public var isOK: Bool { status == .ok }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The message of a standard `{"error": {"message": …}}` body, else the whole body as text.
    public var errorMessage: String {
        struct ErrorBody: Decodable {
            struct Detail: Decodable { let message: String }
            let error: Detail
        }
        return (try? JSONDecoder().decode(ErrorBody.self, from: Data(body)))?.error.message ?? text
    }

    /// Decodes the body as JSON.
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try JSONCoding.decode(type, from: body, what: "the reply")
    }
}
