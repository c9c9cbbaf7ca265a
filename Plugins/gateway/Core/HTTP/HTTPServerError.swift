/// Why a request could not be read, with the status the server answers before closing the
/// connection (nil: the connection is closed without an answer).
public enum HTTPServerError: Error, Sendable, Equatable {
    case badRequest(String)
    case headTooLarge(limit: Int)
    case bodyTooLarge(limit: Int)
    case unsupportedTransferCoding(String)
    case versionNotSupported(String)
    /// The client took longer than the time-out to send a request it had started.
    case timedOut
    /// The client closed the connection or it failed; nothing can be answered.
    case connectionLost
    /// The listening socket could not be set up.
    case cannotListen(String)

    public var status: Int? {
        switch self {
        case .badRequest: 400
        case .headTooLarge: 431
        case .bodyTooLarge: 413
        case .unsupportedTransferCoding: 501
        case .versionNotSupported: 505
        case .timedOut: 408
        case .connectionLost, .cannotListen: nil
        }
    }

    public var message: String {
        switch self {
        case .badRequest(let reason): "bad request: \(reason)"
        case .headTooLarge(let limit): "the request line and headers exceed \(limit) bytes"
        case .bodyTooLarge(let limit): "the body exceeds \(limit) bytes"
        case .unsupportedTransferCoding(let coding): "unsupported: \(coding)"
        case .versionNotSupported(let version): "\(version) is not supported (HTTP/1.1 or HTTP/1.0)"
        case .timedOut: "the request was not received in time"
        case .connectionLost: "the connection was lost"
        case .cannotListen(let reason): reason
        }
    }
}
