import AIPluginKit
import GatewayCore

/// A gateway capability's input: the http plugin's routed request
/// (`{"method","path","parameters","query","headers","contentType","body"}`, plus `"stream"` on a
/// streaming route) or, from `/v1/call` and other plugins, the OpenAI body itself.
struct RouteEnvelope {
    /// What the http plugin says about a request it routed here.
    struct Routed: Decodable {
        let path: String
        /// Only there to tell a routed request from an OpenAI body; its members are not needed.
        let parameters: Members
        let headers: Credentials?
        let body: String
        /// The response stream's id, on routes registered with `"stream": true`.
        let stream: String?

        /// The virtual key, from the headers the http plugin passed on.
        var secret: String? {
            GatewayEndpoints.secret(authorization: headers?.authorization, apiKey: headers?.apiKey)
        }
    }

    /// The two headers that may carry a virtual key; the others are skipped, not decoded into a
    /// dictionary (which cost more than the rest of the envelope).
    struct Credentials: Decodable {
        let authorization: String?
        let apiKey: String?

        enum CodingKeys: String, CodingKey {
            case authorization
            case apiKey = "x-api-key"
        }
    }

    /// Any JSON object, its members skipped.
    struct Members: Decodable {
        init(from decoder: any Decoder) throws {
            _ = try decoder.container(keyedBy: AnyKey.self)
        }

        struct AnyKey: CodingKey {
            let stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
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
