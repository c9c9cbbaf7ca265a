import Foundation
import GatewayCore

// A local OpenAI-compatible upstream for the gateway's tests and benchmarks. Answers are
// deterministic; the upstream model name injects faults:
//   fail-429 / fail-500   that status, with an OpenAI error body (429 carries Retry-After: 0)
//   slow-MS               waits MS milliseconds before answering
//   garbled               200 with a body that is not JSON
//   context-N             400 context_length_exceeded when the prompt exceeds N (word) tokens
//   drip-MS               streams one word every MS milliseconds
//   cached                reports half the prompt tokens as cached
// The reply is "Echo: <last user message>", or exactly the text after "say:" in it; a request
// with tools whose message contains "call-tool" gets a tool call. Also answers /v1/embeddings,
// Anthropic's /v1/messages and Gemini's generateContent / streamGenerateContent, and
// GET /fixture/stats (requests, streams started, completed, cancelled by the client).
// Usage: gateway-upstream [--port N]; prints "listening on http://127.0.0.1:PORT".
//
// It serves on the gateway's own blocking HTTP server (a thread per connection) and reads bodies
// with the project's JSON parser: benchmarks run it on the same two cores as the gateway, so
// every microsecond it spends is taken from the gateway being measured. (On Hummingbird with
// Foundation's decoder it used about 110 µs of CPU per request, a third of the machine.)

var port = 0
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    if argument == "--port", let value = arguments.next().flatMap(Int.init) { port = value } else {
        FileHandle.standardError.write(Data("usage: gateway-upstream [--port N]\n".utf8))
        exit(2)
    }
}

let stats = Stats()
let server = HTTPServer(host: "127.0.0.1", port: port) { request, responder in
    let head = request.head
    switch (head.method, head.path) {
    case ("POST", "/v1/chat/completions"): chat(request.body, responder, stats)
    case ("POST", "/v1/embeddings"): embeddings(request.body, responder, stats)
    case ("POST", "/v1/messages"): anthropicMessages(head, request.body, responder, stats)
    case ("POST", let path) where path.hasPrefix("/v1beta/models/") && !path.dropFirst(15).contains("/"):
        gemini(String(path.dropFirst(15)), request.body, responder, stats)
    case ("GET", "/fixture/stats"): Reply.json(stats.json).send(with: responder)
    default: Reply.error(404, "invalid_request_error", "not_found", "no route for \(head.method) \(head.path)").send(with: responder)
    }
}
do {
    let bound = try server.start()
    // Written straight to the descriptor: the line must not sit in a buffer.
    FileHandle.standardOutput.write(Data("listening on http://127.0.0.1:\(bound)\n".utf8))
} catch {
    FileHandle.standardError.write(Data("gateway-upstream: \(error)\n".utf8))
    exit(1)
}
while true { sleep(3600) }
