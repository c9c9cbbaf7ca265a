import AIPConfig
import AIPLocking
import AIPluginKit
import GatewayCore

/// Reads `prompt.render` replies without building a JSON tree of the whole reply.
///
/// The reply comes on every request that names a prompt. Its messages are read straight into
/// the values the request needs; `model_parameters` and `response_format` are the same bytes for
/// every render of a version, so each distinct text is parsed once and kept. A reply of any
/// other shape (a field this reader does not know, a message with a non-string member) is
/// parsed whole as before, so this is only a fast path, never a second set of rules.
final class RenderReplyReader: Sendable {
    /// Parsed `model_parameters` / `response_format` texts. Versions are immutable, so an entry
    /// never goes stale; the table is emptied when it is full (many prompts, or edited ones).
    private let constants = Locked<[[UInt8]: JSONValue]>([:])
    static let maxConstants = 512

    func read(_ reply: [UInt8], reference: ChatRequest.PromptReference, what: String) throws(GatewayError) -> RenderedPrompt {
        if let rendered = reply.withUnsafeBytes({ scan($0, reference: reference) }) { return rendered }
        return Self.fromTree(try JSONBody.parse(reply, what: what), reference: reference)
    }

    /// The reply as a JSON tree: any valid reply, read with the same defaults as `scan`.
    static func fromTree(_ reply: JSONValue, reference: ChatRequest.PromptReference) -> RenderedPrompt {
        var messages = reply["messages"]?.arrayValue ?? []
        if messages.isEmpty, let text = reply["text"]?.stringValue {
            messages = [.object(["role": "user", "content": .string(text)])]
        }
        return RenderedPrompt(name: reply["name"]?.stringValue ?? reference.name, version: Int(reply["version"]?.int64Value ?? 0),
                              messages: messages, modelParameters: reply["model_parameters"]?.objectValue ?? [:],
                              responseFormat: reply["response_format"])
    }

    /// The reply's fields, in the order of `names`.
    private enum Field: Int {
        case name, version, kind, modelParameters, responseFormat, messages, text
    }

    private static let names = JSONKeyTable(["name", "version", "kind", "model_parameters", "response_format", "messages", "text"])

    /// The common shape, or nil for anything else.
    func scan(_ bytes: UnsafeRawBufferPointer, reference: ChatRequest.PromptReference) -> RenderedPrompt? {
        var reader = JSONPullReader(bytes)
        guard reader.beginObject() else { return nil }
        var name: String?
        var version: Int?
        var messages: [JSONValue]?
        var text: String?
        var parameters: JSONValue?
        var format: JSONValue?
        var seen = 0
        while let index = reader.nextKey(in: Self.names) {
            guard let field = Field(rawValue: index), seen & (1 << index) == 0 else { return nil }
            seen |= 1 << index
            switch field {
            case .name: name = reader.string()
            case .version: version = reader.integer()
            case .kind: _ = reader.string()
            case .modelParameters:
                guard let raw = reader.rawValue(), let value = constant(raw) else { return nil }
                parameters = value
            case .responseFormat:
                guard let raw = reader.rawValue(), let value = constant(raw) else { return nil }
                format = value
            case .messages: messages = Self.messages(&reader)
            case .text: text = reader.string()
            }
            if reader.failed { return nil }
        }
        guard reader.atEnd() else { return nil }
        var filled = messages ?? []
        if filled.isEmpty, let text { filled = [.object(["role": "user", "content": .string(text)])] }
        return RenderedPrompt(name: name ?? reference.name, version: version ?? 0, messages: filled,
                              modelParameters: parameters?.objectValue ?? [:], responseFormat: format)
    }

    /// `[{"role": "…", "content": "…"}, …]`: messages whose members are all strings.
    private static func messages(_ reader: inout JSONPullReader) -> [JSONValue]? {
        var messages: [JSONValue] = []
        let complete = reader.array { reader in
            guard reader.beginObject() else { return false }
            var members = [String: JSONValue](minimumCapacity: 2)
            while let key = reader.nextKey() {
                guard let value = reader.string(), members.updateValue(.string(value), forKey: key) == nil else { return false }
            }
            guard !reader.failed else { return false }
            messages.append(.object(members))
            return true
        }
        return complete ? messages : nil
    }

    /// The parsed value of a constant part, from the table or parsed now; nil if it is not JSON.
    private func constant(_ raw: UnsafeRawBufferPointer) -> JSONValue? {
        let key = Array(raw)
        if let known = constants.withLock({ $0[key] }) { return known }
        guard let value = try? JSONParser.parse(String(decoding: raw, as: UTF8.self), source: "prompt.render reply") else { return nil }
        constants.withLock { table in
            if table.count >= Self.maxConstants { table.removeAll(keepingCapacity: true) }
            table[key] = value
        }
        return value
    }
}
