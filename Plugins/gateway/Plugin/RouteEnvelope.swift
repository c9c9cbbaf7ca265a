import AIPluginKit
import GatewayCore

/// A gateway capability's input: the http plugin's routed request
/// (`{"method","path","parameters","query","contentType","body"}`) or, from `/v1/call` and
/// other plugins, the OpenAI body itself.
struct RouteEnvelope {
    let body: [UInt8]

    /// Only a routed request has these members; an OpenAI body never has "path" and "parameters".
    private struct Routed: Decodable {
        let path: String
        let parameters: [String: String]
        let body: String
    }

    private static let decoder = KitJSONDecoder()

    init(_ call: IncomingCall) throws(GatewayError) {
        if let routed = try? Self.decoder.decode(Routed.self, from: call.body) {
            body = Array(routed.body.utf8)
        } else {
            body = Array(call.body)
        }
    }
}
