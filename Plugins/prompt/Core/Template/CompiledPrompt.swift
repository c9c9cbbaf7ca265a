import Synchronization

/// A version compiled for rendering: its templates parsed once, its variables in a table.
/// Immutable, like the version it comes from, so one instance serves every thread forever.
public final class CompiledPrompt: Sendable {
    public let name: String
    public let version: Int
    public let variables: [ResolvedVariable]
    public let modelParameters: ModelParameters
    public let responseFormat: JSONValue?
    let slots: [String: Int]
    let body: Body
    let json: JSONParts
    private let renders = Atomic<Int>(0)

    /// The constant parts of this version's rendered JSON.
    struct JSONParts: Sendable {
        /// `{"name":…,"version":…,"kind":…,"model_parameters":{…}[,"response_format":{…}],` and
        /// then `"text":"` or `"messages":[`.
        let prefix: [UInt8]
        /// `{"role":"…","content":"`, with a leading comma after the first message.
        let messagePrefixes: [[UInt8]]
        let literalBytes: Int
    }

    enum Body: Sendable {
        case text(CompiledTemplate)
        case chat([(role: String, template: CompiledTemplate)])
    }

    public var kind: String {
        switch body {
        case .text: "text"
        case .chat: "chat"
        }
    }

    /// Checks content and compiles it. Errors name the field (`template[1].content`, `variables[0]`,
    /// `model_parameters.temperature`) and, for template syntax, the line and column.
    public init(name: String, version: Int, content: VersionContent, maxTemplateBytes: Int = 262_144) throws {
        try content.template.validate(maxBytes: maxTemplateBytes)
        try content.modelParameters.validate()
        var parsedFields: [[TemplatePiece]] = []
        for (field, text) in content.template.fields {
            parsedFields.append(try TemplateParser.parse(text, field: field))
        }
        let placeholders = TemplateParser.variableNames(parsedFields.flatMap { $0 })
        let variables = try ResolvedVariable.resolve(placeholders: placeholders, specs: content.variables)
        var slots: [String: Int] = [:]
        for (index, variable) in variables.enumerated() { slots[variable.name] = index }
        switch content.template {
        case .text:
            body = .text(CompiledTemplate(parsedFields[0], slots: slots))
        case .chat(let messages):
            body = .chat(zip(messages, parsedFields).map { ($0.role, CompiledTemplate($1, slots: slots)) })
        }
        if let format = content.responseFormat, format.objectValue == nil {
            throw PromptError.invalid("response_format must be a JSON object (such as {\"type\": \"json_object\"} or a JSON Schema), got \(format.typeName)")
        }
        self.name = name
        self.version = version
        self.variables = variables
        self.slots = slots
        self.modelParameters = content.modelParameters
        self.responseFormat = content.responseFormat
        json = try Self.jsonParts(name: name, version: version, content: content, body: body)
    }

    private static func jsonParts(name: String, version: Int, content: VersionContent, body: Body) throws -> JSONParts {
        var prefix = Array("{\"name\":".utf8) + JSONBytes.quoted(name) + Array(",\"version\":\(version),\"kind\":\"".utf8)
        prefix += Array(content.template.kind.utf8) + Array("\",\"model_parameters\":".utf8)
        prefix += Array(try StoredJSON.encode(content.modelParameters).utf8)
        if let format = content.responseFormat {
            prefix += Array(",\"response_format\":".utf8) + Array(try StoredJSON.encode(format).utf8)
        }
        switch body {
        case .text(let template):
            return JSONParts(prefix: prefix + Array(",\"text\":\"".utf8), messagePrefixes: [], literalBytes: template.literalBytes)
        case .chat(let templates):
            let messagePrefixes = templates.enumerated().map { index, message in
                Array((index == 0 ? "{\"role\":" : ",{\"role\":").utf8) + JSONBytes.quoted(message.role) + Array(",\"content\":\"".utf8)
            }
            return JSONParts(prefix: prefix + Array(",\"messages\":[".utf8), messagePrefixes: messagePrefixes,
                             literalBytes: templates.reduce(0) { $0 + $1.template.literalBytes })
        }
    }

    /// Fills the template. Every required variable must be given and every given one must be
    /// known; otherwise the error lists all the missing and all the unknown names at once.
    public func render(_ values: [String: String]) throws -> RenderedPrompt {
        let (filled, valueBytes) = try fill(values)
        renders.wrappingAdd(1, ordering: .relaxed)
        switch body {
        case .text(let template):
            return RenderedPrompt(name: name, version: version, text: template.render(filled, valueBytes: valueBytes), messages: nil,
                                  modelParameters: modelParameters, responseFormat: responseFormat)
        case .chat(let templates):
            let messages = templates.map { ChatMessage(role: $0.role, content: $0.template.render(filled, valueBytes: valueBytes)) }
            return RenderedPrompt(name: name, version: version, text: nil, messages: messages,
                                  modelParameters: modelParameters, responseFormat: responseFormat)
        }
    }

    /// The same as `render`, written directly as the JSON of a `RenderedPrompt` (the reply of
    /// `prompt.render`): the constant parts are encoded once per version, values are escaped as
    /// they are copied in, and no intermediate strings are built.
    public func renderJSON(_ values: [String: String]) throws -> [UInt8] {
        try writeJSON(try fill(values))
    }

    /// `renderJSON` for values as name/value pairs (as a request reader produces them).
    public func renderJSON(pairs: [(key: String, value: String)]) throws -> [UInt8] {
        try writeJSON(try fill(pairs))
    }

    private func writeJSON(_ filled: (values: [String], valueBytes: Int)) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(json.prefix.count + json.literalBytes + filled.valueBytes * 2 + 64)
        out.append(contentsOf: json.prefix)
        switch body {
        case .text(let template):
            template.appendJSON(filled.values, to: &out)
            out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: "}")])
        case .chat(let templates):
            for (index, message) in templates.enumerated() {
                out.append(contentsOf: json.messagePrefixes[index])
                message.template.appendJSON(filled.values, to: &out)
                out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: "}")])
            }
            out.append(contentsOf: [UInt8(ascii: "]"), UInt8(ascii: "}")])
        }
        renders.wrappingAdd(1, ordering: .relaxed)
        return out
    }

    /// The given values by slot, defaults filled in, after the missing/unknown checks.
    private func fill<Values: Sequence>(_ values: Values) throws -> (values: [String], valueBytes: Int)
    where Values.Element == (key: String, value: String) {
        // One hash per given value: each lands in its slot or on the unknown list.
        var given = [String?](repeating: nil, count: variables.count)
        var unknown: [String] = []
        for (key, value) in values {
            if let slot = slot(of: key) { given[slot] = value } else { unknown.append(key) }
        }
        var filled: [String] = []
        filled.reserveCapacity(variables.count)
        var missing: [String] = []
        var valueBytes = 0
        for (slot, variable) in variables.enumerated() {
            if let value = given[slot] ?? variable.defaultValue {
                valueBytes += value.utf8.count
                filled.append(value)
            } else {
                if variable.required { missing.append(variable.name) }
                filled.append("")
            }
        }
        if !missing.isEmpty || !unknown.isEmpty {
            throw renderError(missing: missing, unknown: unknown.sorted())
        }
        return (filled, valueBytes)
    }

    /// Successful renders since the last call, which resets the count. The registry adds these
    /// to its stats table: a database write per render would cost a hundred renders.
    func takeRenderCount() -> Int {
        renders.exchange(0, ordering: .relaxed)
    }

    /// Gives back counts taken by `takeRenderCount` that could not be saved.
    func restoreRenderCount(_ count: Int) {
        renders.wrappingAdd(count, ordering: .relaxed)
    }

    /// The slot of a variable. Prompts have a handful of variables, and comparing short strings
    /// costs less than hashing them, so small tables are searched in order.
    @inline(__always)
    private func slot(of name: String) -> Int? {
        guard variables.count <= 16 else { return slots[name] }
        for (index, variable) in variables.enumerated() where variable.name == name { return index }
        return nil
    }

    private func renderError(missing: [String], unknown: [String]) -> PromptError {
        var parts: [String] = []
        if !missing.isEmpty { parts.append("missing required variables: \(missing.joined(separator: ", "))") }
        if !unknown.isEmpty {
            let expected = variables.isEmpty ? "none" : variables.map(\.name).joined(separator: ", ")
            let listed = unknown.prefix(20).map(Names.shown).joined(separator: ", ") + (unknown.count > 20 ? " and \(unknown.count - 20) more" : "")
            parts.append("unknown variables: \(listed) (the template takes: \(expected))")
        }
        return PromptError.invalid("prompt '\(name)' version \(version): " + parts.joined(separator: "; "))
    }
}

/// A filled prompt, ready to send to a model.
public struct RenderedPrompt: Sendable, Encodable {
    public let name: String
    public let version: Int
    public let text: String?
    public let messages: [ChatMessage]?
    public let modelParameters: ModelParameters
    public let responseFormat: JSONValue?

    enum CodingKeys: String, CodingKey {
        case name, version, kind, text, messages, modelParameters = "model_parameters", responseFormat = "response_format"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(version, forKey: .version)
        try container.encode(messages == nil ? "text" : "chat", forKey: .kind)
        try container.encode(modelParameters, forKey: .modelParameters)
        try container.encodeIfPresent(responseFormat, forKey: .responseFormat)
        // The large members go last: a streaming encoder that checks each new key against the
        // earlier ones may have to scan back over what precedes it.
        try container.encodeIfPresent(text, forKey: .text)
        try container.encodeIfPresent(messages, forKey: .messages)
    }
}
