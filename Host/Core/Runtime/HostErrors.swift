import AIPConfig
import AIPluginABI
import Foundation

/// Writes host-made replies and error bodies into an `aip_response`, with host-allocated memory.
public enum HostErrors {
    /// The code string of a status, as error bodies spell it (`invalid_argument`, …).
    public static func codeName(_ status: aip_status) -> String {
        switch status {
        case AIP_OK: return "ok"
        case AIP_ERR_INVALID_ARGUMENT: return "invalid_argument"
        case AIP_ERR_NOT_FOUND: return "not_found"
        case AIP_ERR_PERMISSION_DENIED: return "permission_denied"
        case AIP_ERR_UNAVAILABLE: return "unavailable"
        case AIP_ERR_INTERNAL: return "internal"
        case AIP_ERR_UNSUPPORTED: return "unsupported"
        case AIP_ERR_TIMEOUT: return "timeout"
        case AIP_ERR_RESOURCE_EXHAUSTED: return "resource_exhausted"
        case AIP_ERR_CONFLICT: return "conflict"
        default: return "status_\(status)"
        }
    }

    static func body(status: aip_status, _ message: String) -> [UInt8] {
        Array("{\"error\":{\"code\":\"\(codeName(status))\",\"message\":\(JSONValue.string(message).serialized())}}".utf8)
    }

    /// Fills `response` with a JSON error body and returns `status`.
    static func write(status: aip_status, _ message: String, into response: UnsafeMutablePointer<aip_response>) -> aip_status {
        _ = reply(body(status: status, message), into: response)
        return status
    }

    /// Fills `response` with `bytes` as JSON; returns AIP_OK or resource_exhausted.
    static func reply(_ bytes: [UInt8], into response: UnsafeMutablePointer<aip_response>) -> aip_status {
        guard let memory = malloc(max(bytes.count, 1)) else { return AIP_ERR_RESOURCE_EXHAUSTED }
        bytes.withUnsafeBytes { if let base = $0.baseAddress { memcpy(memory, base, bytes.count) } }
        response.pointee.data = memory.assumingMemoryBound(to: UInt8.self)
        response.pointee.len = bytes.count
        response.pointee.content_type = ContentTypes.json
        return AIP_OK
    }
}

/// Static C strings for content types (never freed, per the ABI).
enum ContentTypes {
    nonisolated(unsafe) static let json: UnsafePointer<CChar> = UnsafePointer(strdup("application/json")!)
    nonisolated(unsafe) static let bytes: UnsafePointer<CChar> = UnsafePointer(strdup("application/octet-stream")!)
}
