import AIPluginKit
import GatewayCore

extension GatewayError {
    /// The ABI status that carries this error through a direct capability call (`/v1/call/…`,
    /// another plugin); routed requests get the exact OpenAI response instead (`RoutedRequests`).
    var pluginError: PluginError {
        let status: PluginStatus = switch self.status {
        case 400, 413, 422: .invalidArgument
        case 401, 403: .permissionDenied
        case 404: .notFound
        case 409: .conflict
        case 429: .resourceExhausted
        case 504: .timeout
        case 499, 502, 503: .unavailable
        default: .internal
        }
        return PluginError(status, "\(type)\(code.map { " (\($0))" } ?? ""): \(message)")
    }
}
