import AIPConfig
import AIPluginKit
import GatewayCore

/// A gateway capability's input: the http plugin's routed request
/// (`{"method","path","parameters","query","contentType","body"}`) or, from `/v1/call` and
/// other plugins, the OpenAI body itself.
struct RouteEnvelope {
    let body: [UInt8]

    init(_ call: IncomingCall) throws(GatewayError) {
        let raw = Array(call.body)
        // Only a routed request starts with these members; an OpenAI body never has "path" and "parameters".
        if let value = try? JSONParser.parse(String(decoding: raw, as: UTF8.self)), case .object(let members) = value,
           members["path"]?.stringValue != nil, members["parameters"] != nil, let text = members["body"]?.stringValue {
            body = Array(text.utf8)
        } else {
            body = raw
        }
    }
}
