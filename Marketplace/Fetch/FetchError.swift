/// Why a fetch failed. Every message names the URL or file and says what the operator can do.
public enum FetchError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(url: String)
    case http(status: Int, url: String)
    case network(url: String, reason: String)
    case timeout(url: String, reason: String)
    case tooLarge(url: String, limit: Int64)
    case sizeMismatch(url: String, expected: Int64, got: Int64)
    case checksumMismatch(url: String, expected: String, got: String)
    case diskFull(path: String, reason: String)
    case io(path: String, reason: String)
    case unsupportedScheme(url: String)

    public var description: String {
        switch self {
        case .notFound(let url):
            return "\(url): not found (HTTP 404 or no such file)"
        case .http(let status, let url):
            return "\(url): the server answered HTTP \(status)"
        case .network(let url, let reason):
            return "\(url): cannot download: \(reason)"
        case .timeout(let url, let reason):
            return "\(url): timed out: \(reason)"
        case .tooLarge(let url, let limit):
            return "\(url): larger than the \(limit) bytes allowed; stopped downloading it"
        case .sizeMismatch(let url, let expected, let got):
            return "\(url): expected \(expected) bytes, got \(got): the file differs from what the index promised (tampered or corrupted); it was deleted"
        case .checksumMismatch(let url, let expected, let got):
            return "\(url): sha256 is \(got), the index says \(expected): the archive was tampered with or corrupted; it was deleted"
        case .diskFull(let path, let reason):
            return "cannot write \(path): \(reason); free some space and try again (nothing was changed)"
        case .io(let path, let reason):
            return "cannot write \(path): \(reason)"
        case .unsupportedScheme(let url):
            return "\(url): only file://, http:// and https:// URLs are supported"
        }
    }

    /// Worth another attempt: the network or the server may recover; a 404 or a bad hash will not.
    var isTransient: Bool {
        switch self {
        case .network, .timeout: return true
        case .http(let status, _): return status >= 500 || status == 429 || status == 408
        default: return false
        }
    }
}
