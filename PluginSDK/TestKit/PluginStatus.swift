import AIPluginABI

/// An `aip_status` with the ABI's name for it, so failures read `invalid_argument`, not `1`.
public struct PluginStatus: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    public static let ok = PluginStatus(rawValue: AIP_OK)
    public static let invalidArgument = PluginStatus(rawValue: AIP_ERR_INVALID_ARGUMENT)
    public static let notFound = PluginStatus(rawValue: AIP_ERR_NOT_FOUND)
    public static let permissionDenied = PluginStatus(rawValue: AIP_ERR_PERMISSION_DENIED)
    public static let unavailable = PluginStatus(rawValue: AIP_ERR_UNAVAILABLE)
    public static let `internal` = PluginStatus(rawValue: AIP_ERR_INTERNAL)
    public static let unsupported = PluginStatus(rawValue: AIP_ERR_UNSUPPORTED)
    public static let timeout = PluginStatus(rawValue: AIP_ERR_TIMEOUT)
    public static let resourceExhausted = PluginStatus(rawValue: AIP_ERR_RESOURCE_EXHAUSTED)
    public static let conflict = PluginStatus(rawValue: AIP_ERR_CONFLICT)

    /// The code string error bodies use (docs/abi.md, "Status codes"); `status_N` for codes this
    /// kit does not know (a later ABI minor may add some).
    public var name: String {
        switch self {
        case .ok: "ok"
        case .invalidArgument: "invalid_argument"
        case .notFound: "not_found"
        case .permissionDenied: "permission_denied"
        case .unavailable: "unavailable"
        case .internal: "internal"
        case .unsupported: "unsupported"
        case .timeout: "timeout"
        case .resourceExhausted: "resource_exhausted"
        case .conflict: "conflict"
        default: "status_\(rawValue)"
        }
    }

    public var description: String { name }
}
