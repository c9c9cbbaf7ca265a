import AIPluginABI

/// Status codes of the ABI, as a Swift type.
public enum PluginStatus: Int32, Sendable, CaseIterable {
    case ok = 0
    case invalidArgument = 1
    case notFound = 2
    case permissionDenied = 3
    case unavailable = 4
    case `internal` = 5
    case unsupported = 6
    case timeout = 7
    case resourceExhausted = 8
    case conflict = 9

    public init(code: Int32) {
        self = PluginStatus(rawValue: code) ?? .internal
    }

    /// The code string used in JSON error bodies.
    public var codeName: String {
        switch self {
        case .ok: return "ok"
        case .invalidArgument: return "invalid_argument"
        case .notFound: return "not_found"
        case .permissionDenied: return "permission_denied"
        case .unavailable: return "unavailable"
        case .internal: return "internal"
        case .unsupported: return "unsupported"
        case .timeout: return "timeout"
        case .resourceExhausted: return "resource_exhausted"
        case .conflict: return "conflict"
        }
    }
}

/// Throw this from a handler or lifecycle method to choose the status and message the caller sees.
/// Any other error becomes `internal`, except decoding errors, which become `invalid_argument`.
public struct PluginError: Error, Sendable, CustomStringConvertible {
    public let status: PluginStatus
    public let message: String

    public init(_ status: PluginStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { "\(status.codeName): \(message)" }

    /// The ABI's error body: {"error":{"code":"...","message":"..."}}.
    public var jsonBody: [UInt8] {
        Array("{\"error\":{\"code\":\"\(status.codeName)\",\"message\":\(JSONText.quoted(message))}}".utf8)
    }
}

/// A failed call into another plugin: its status and the error body it returned.
public struct CallError: Error, Sendable, CustomStringConvertible {
    public let capability: String
    public let status: PluginStatus
    public let body: String

    public var description: String { "call to \(capability) failed with \(status.codeName): \(body)" }
}

enum JSONText {
    /// A JSON string literal for `text`, escaping what RFC 8259 requires.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
