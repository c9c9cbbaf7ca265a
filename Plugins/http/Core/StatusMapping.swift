/// The HTTP status for an ABI status: callers of `/v1/call` see the usual HTTP meaning.
public enum StatusMapping {
    /// `status` is an `aip_status` (0 = ok).
    public static func httpStatus(for status: Int32) -> Int {
        switch status {
        case 0: return 200
        case 1: return 400 // invalid_argument
        case 2: return 404 // not_found
        case 3: return 403 // permission_denied
        case 4: return 503 // unavailable
        case 6: return 415 // unsupported
        case 7: return 504 // timeout
        case 8: return 429 // resource_exhausted
        case 9: return 409 // conflict
        default: return 500 // internal and anything unknown
        }
    }
}
