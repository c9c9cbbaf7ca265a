import AIPConfig
import AIPLocking
import Foundation
import GatewayCore

// Pieces every endpoint of the fixture shares: counters, JSON text, fault injection, replies.

/// Counters served at GET /fixture/stats.
final class Stats: Sendable {
    private let counts = Locked<[String: Int]>([:])
    func add(_ name: String) { counts.withLock { $0[name, default: 0] += 1 } }
    var json: String {
        let pairs = counts.withLock { $0 }.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }
        return "{" + pairs.joined(separator: ",") + "}"
    }
}

/// `text` as a JSON string literal.
func quoted(_ text: String) -> String { JSONValue.string(text).serialized() }

/// The fixture's token count: words separated by spaces or newlines.
func words(_ text: String) -> Int { text.split(whereSeparator: { $0 == " " || $0 == "\n" }).count }

/// Byte-wise substring search: model names are ASCII, and Foundation's `range(of:)` was the
/// fixture's largest single cost per request.
func find(_ needle: String, in text: String) -> Int? {
    let haystack = Array(text.utf8), pattern = Array(needle.utf8)
    guard !pattern.isEmpty, haystack.count >= pattern.count else { return nil }
    for start in 0...(haystack.count - pattern.count) where haystack[start] == pattern[0] {
        if haystack[start..<(start + pattern.count)].elementsEqual(pattern) { return start + pattern.count }
    }
    return nil
}

func has(_ needle: String, in text: String) -> Bool { find(needle, in: text) != nil }

/// The number right after `prefix` in the model name (`slow-250`), if any.
func number(after prefix: String, in model: String) -> Int? {
    guard let end = find(prefix, in: model) else { return nil }
    return Int(String(decoding: model.utf8.dropFirst(end).prefix { $0 >= 0x30 && $0 <= 0x39 }, as: UTF8.self))
}

/// An answer of the fixture: status, extra headers and body.
struct Reply {
    var status: Int
    var headers: [(name: String, value: String)] = []
    var body: String

    static func json(_ body: String, status: Int = 200) -> Reply {
        Reply(status: status, headers: [("Content-Type", "application/json")], body: body)
    }

    static func error(_ status: Int, _ type: String, _ code: String, _ message: String,
                      headers: [(name: String, value: String)] = []) -> Reply {
        Reply(status: status, headers: [("Content-Type", "application/json")] + headers,
              body: "{\"error\":{\"message\":\(quoted(message)),\"type\":\"\(type)\",\"param\":null,\"code\":\"\(code)\"}}")
    }

    func send(with responder: HTTPResponder) {
        responder.respond(status: status, headers: headers, body: Array(body.utf8))
    }
}

/// The fault the model name asks for, if any (`slow-MS` only delays).
func fault(_ model: String, promptTokens: Int) -> Reply? {
    if let delay = number(after: "slow-", in: model) { usleep(useconds_t(delay) * 1000) }
    if has("fail-429", in: model) {
        return .error(429, "rate_limit_error", "rate_limit_exceeded", "Rate limit reached for \(model)", headers: [("Retry-After", "0")])
    }
    if has("fail-500", in: model) { return .error(500, "server_error", "server_error", "The server had an error processing your request") }
    if let window = number(after: "context-", in: model), promptTokens > window {
        return .error(400, "invalid_request_error", "context_length_exceeded",
                      "This model's maximum context length is \(window) tokens. However, your messages resulted in \(promptTokens) tokens.")
    }
    if has("garbled", in: model) { return .json("{\"id\": \"x\", \"choices\": [{\"mess") }
    return nil
}

/// A streamed answer: the head, then each event; false once the client has gone.
struct EventStream {
    let responder: HTTPResponder

    static func start(_ responder: HTTPResponder, cacheControl: Bool = false) -> EventStream {
        var headers: [(name: String, value: String)] = [("Content-Type", "text/event-stream")]
        if cacheControl { headers.append(("Cache-Control", "no-cache")) }
        responder.startStream(status: 200, headers: headers)
        return EventStream(responder: responder)
    }

    func send(_ text: String) -> Bool { !responder.clientHasGone && responder.write(Array(text.utf8)) }
}

/// The request body as a JSON object, or nil when it is not one.
func jsonObject(_ body: [UInt8]) -> [String: JSONValue]? {
    (try? JSONBody.parse(body))?.objectValue
}

/// A message's text: a string, or the `text` of its parts; "" for anything else.
func contentText(_ content: JSONValue?) -> String {
    if let text = content?.stringValue { return text }
    if let parts = content?.arrayValue { return parts.compactMap { $0["text"]?.stringValue }.joined(separator: "\n") }
    return ""
}
