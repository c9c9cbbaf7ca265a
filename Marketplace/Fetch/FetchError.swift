/// Why a fetch failed. Every description names the URL or path and says what to do next.
public enum FetchError: Error, Equatable, CustomStringConvertible {
    case notFound(url: String)
    case http(status: Int, url: String)
    case network(url: String, message: String)
    case timeout(url: String, after: Duration)
    case stalled(url: String, limit: StallLimit)
    case tooLarge(url: String, limit: Int64)
    case sizeMismatch(url: String, expected: Int64, got: Int64)
    case checksumMismatch(url: String, expected: String, got: String)
    case diskFull(path: String)
    case io(path: String, message: String)
    case unsupportedScheme(url: String)
    case invalidRequest(url: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let url):
            return "\(url): not found (HTTP 404 or no such file). Check the address; if it came from an index, "
                + "update the index and try again."
        case .http(let status, let url):
            return "\(url): the server answered HTTP \(status)\(Self.reason(status)). "
                + (status >= 500 || status == 429 || status == 408
                    ? "The server is failing or overloaded; retry later."
                    : "The request was refused; check the address and any access rules on the server.")
        case .network(let url, let message):
            return "\(url): network error: \(message). Check the connection, the host name and any proxy, then retry."
        case .timeout(let url, let after):
            return "\(url): gave up after \(Self.seconds(after)) (the total time-out for this download). "
                + "Retry on a faster link or raise the time-out."
        case .stalled(let url, let limit):
            return "\(url): the transfer stalled (below \(limit.bytesPerSecond) bytes/s for \(limit.seconds) s) "
                + "on every attempt. The server or the link is stuck; retry later."
        case .tooLarge(let url, let limit):
            return "\(url): the body is larger than the limit of \(limit) bytes; the download was stopped and nothing "
                + "was kept. The file is not what the index describes, or the limit is too low."
        case .sizeMismatch(let url, let expected, let got):
            return "\(url): expected \(expected) bytes but the server \(got > expected ? "sent or announced" : "sent") "
                + "\(got); the file was deleted. The archive or its index entry is wrong: update the index, and "
                + "tell the publisher if it persists."
        case .checksumMismatch(let url, let expected, let got):
            return "\(url): SHA-256 is \(got) but \(expected) was expected; the file was deleted. The archive was "
                + "altered or the index is stale: do not install it; update the index and try again."
        case .diskFull(let path):
            return "\(path): no space left on the device (or the file size limit was reached); the partial file was "
                + "removed. Free some space or put the cache on another disk, then retry."
        case .io(let path, let message):
            return "\(path): \(message). Check that the directory exists and is writable."
        case .unsupportedScheme(let url):
            return "\(url): only file://, http:// and https:// addresses can be fetched."
        case .invalidRequest(let url, let reason):
            return "\(url): \(reason)."
        }
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 401: return " Unauthorized"
        case 403: return " Forbidden"
        case 408: return " Request Timeout"
        case 410: return " Gone"
        case 429: return " Too Many Requests"
        case 500: return " Internal Server Error"
        case 502: return " Bad Gateway"
        case 503: return " Service Unavailable"
        case 504: return " Gateway Timeout"
        default: return ""
        }
    }

    private static func seconds(_ duration: Duration) -> String {
        let value = duration.secondsValue
        return value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
