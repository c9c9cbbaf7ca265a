/// One server-sent event: its `event:` name (empty when absent) and its joined `data:` lines.
public struct ServerSentEvent: Sendable, Equatable {
    public var event: String
    public var data: String

    public init(event: String = "", data: String) {
        self.event = event
        self.data = data
    }

    /// The event as it goes on the wire to a client.
    public var wire: [UInt8] {
        var text = ""
        if !event.isEmpty { text += "event: \(event)\n" }
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) { text += "data: \(line)\n" }
        return Array((text + "\n").utf8)
    }

    public static func data(_ bytes: [UInt8]) -> [UInt8] {
        Array("data: ".utf8) + bytes + [0x0A, 0x0A]
    }

    public static let done: [UInt8] = Array("data: [DONE]\n\n".utf8)
}

/// Splits a byte stream into server-sent events as bytes arrive, in whatever pieces the network
/// delivers them (WHATWG rules: LF, CR or CRLF line ends; a blank line ends an event; lines
/// starting with ':' are comments).
public struct ServerSentEventParser: Sendable {
    private var line: [UInt8] = []
    private var event = ""
    private var data: [String] = []
    private var hasData = false
    private var lastWasCR = false

    public init() {}

    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        for byte in bytes {
            if byte == 0x0A && lastWasCR {
                lastWasCR = false
                continue
            }
            lastWasCR = byte == 0x0D
            if byte == 0x0A || byte == 0x0D {
                if let complete = endLine() { events.append(complete) }
            } else {
                line.append(byte)
            }
        }
        return events
    }

    /// Bytes left unterminated when the stream ended (a server that does not end its last event
    /// with a blank line still gets it delivered).
    public mutating func finish() -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        if !line.isEmpty, let complete = endLine() { events.append(complete) }
        if let complete = endLine() { events.append(complete) }
        return events
    }

    private mutating func endLine() -> ServerSentEvent? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            guard hasData || !event.isEmpty else { return nil }
            let complete = ServerSentEvent(event: event, data: data.joined(separator: "\n"))
            event = ""
            data.removeAll()
            hasData = false
            return complete
        }
        if line.first == UInt8(ascii: ":") { return nil }
        let text = String(decoding: line, as: UTF8.self)
        let field: Substring
        var value: Substring
        if let colon = text.firstIndex(of: ":") {
            field = text[..<colon]
            value = text[text.index(after: colon)...]
            if value.first == " " { value = value.dropFirst() }
        } else {
            field = Substring(text)
            value = ""
        }
        switch field {
        case "event": event = String(value)
        case "data":
            data.append(String(value))
            hasData = true
        default: break
        }
        return nil
    }
}
