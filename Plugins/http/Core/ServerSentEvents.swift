import Foundation

/// Formats bus events for `GET /v1/events` (text/event-stream).
public enum ServerSentEvents {
    /// One event: `id` is the bus sequence (clients may log it), `event` the topic, and `data`
    /// the payload, one `data:` line per payload line as the format requires.
    public static func frame(topic: String, sequence: UInt64, source: String, payload: String) -> String {
        var text = "id: \(sequence)\nevent: \(topic)\n"
        // CR, LF and CRLF all end a line in this format; a bare CR inside data would too.
        let normalised = payload.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        for line in normalised.split(separator: "\n", omittingEmptySubsequences: false) { text += "data: \(line)\n" }
        return text + "\n"
    }

    /// A comment line; keeps idle connections alive and reveals closed ones.
    public static let heartbeat = ": keep-alive\n\n"

    /// The first comment, so clients know the stream is open before any event arrives.
    public static func opened(pattern: String) -> String { ": subscribed to \(pattern)\n\n" }
}
