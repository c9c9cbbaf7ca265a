import AIPluginKit
import GatewayCore

/// A gateway capability's input: the http plugin's routed request
/// (`{"method","path","parameters","query","headers","contentType","body"}`, plus `"stream"` on a
/// streaming route) or, from `/v1/call` and other plugins, the OpenAI body itself.
struct RouteEnvelope {
    /// What the http plugin says about a request it routed here.
    struct Routed: Decodable {
        let path: String
        let parameters: [String: String]
        let headers: [String: String]?
        let body: String
        /// The response stream's id, on routes registered with `"stream": true`.
        let stream: String?

        /// The virtual key, from the headers the http plugin passed on.
        var secret: String? {
            GatewayEndpoints.secret(authorization: headers?["authorization"], apiKey: headers?["x-api-key"])
        }
    }

    let body: [UInt8]
    /// Set when the http plugin routed the request: the answer is then an exact HTTP response.
    let routed: Routed?

    private static let decoder = KitJSONDecoder()

    init(_ call: IncomingCall) {
        // Only a routed request has these members; an OpenAI body never has "path" and "parameters".
        if let routed = try? Self.decoder.decode(Routed.self, from: call.body) {
            self.routed = routed
            body = Array(routed.body.utf8)
        } else {
            routed = nil
            body = Array(call.body)
        }
    }
}
