import AIPluginABI

/// The code strings of aip_plugin.h's status values, as error bodies spell them.
enum StatusName {
    static func of(_ status: Int32) -> String {
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
        default: return "status \(status)"
        }
    }
}
