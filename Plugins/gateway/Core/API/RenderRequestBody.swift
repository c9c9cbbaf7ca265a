import AIPConfig

/// The body of a `prompt.render` call, written straight to bytes (see the prompt README for
/// the shape). It runs on every request that names a prompt, where building it as a string from
/// serialised pieces cost several allocations per field.
public enum RenderRequestBody {
    public static func bytes(_ reference: ChatRequest.PromptReference, variables: JSONValue?, key: String) -> [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(128 + reference.name.utf8.count)
        JSONQuoting.appendRaw("{\"name\":", to: &body)
        JSONQuoting.appendQuoted(reference.name, to: &body)
        if let alias = reference.alias {
            JSONQuoting.appendRaw(",\"alias\":", to: &body)
            JSONQuoting.appendQuoted(alias, to: &body)
        }
        if let version = reference.version {
            JSONQuoting.appendRaw(",\"version\":", to: &body)
            body.append(contentsOf: String(version).utf8)
        }
        JSONQuoting.appendRaw(",\"key\":", to: &body)
        JSONQuoting.appendQuoted(key, to: &body)
        if let variables {
            JSONQuoting.appendRaw(",\"variables\":", to: &body)
            appendVariables(variables, to: &body)
        }
        body.append(UInt8(ascii: "}"))
        return body
    }

    /// Variables are the client's JSON, usually an object of strings: written directly then,
    /// through the serialiser for anything else (the prompt plugin reports what it rejects).
    private static func appendVariables(_ variables: JSONValue, to body: inout [UInt8]) {
        guard case .object(let members) = variables,
              members.values.allSatisfy({ if case .string = $0 { true } else { $0.isNull } }) else {
            body.append(contentsOf: variables.serializedBytes(sortedKeys: false))
            return
        }
        body.append(UInt8(ascii: "{"))
        var first = true
        for (name, value) in members {
            if !first { body.append(UInt8(ascii: ",")) }
            first = false
            JSONQuoting.appendQuoted(name, to: &body)
            body.append(UInt8(ascii: ":"))
            if case .string(let text) = value { JSONQuoting.appendQuoted(text, to: &body) } else { JSONQuoting.appendRaw("null", to: &body) }
        }
        body.append(UInt8(ascii: "}"))
    }
}
