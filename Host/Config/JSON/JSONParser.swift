/// A strict RFC 8259 JSON parser that reports errors as `file:line:column` and can record where
/// every value starts, so later stages (schema validation, config checks) can point users at the
/// exact spot in their file.
///
/// Strict means no comments, trailing commas, duplicate keys, leading zeros, NaN/Infinity or
/// unescaped control characters: configuration that parses here parses everywhere.
public struct JSONParser {
    /// Deeper documents are rejected; the parser itself is iterative, so this bounds the cost of
    /// later recursive walks (validation, serialisation) over hostile input rather than its own stack.
    public static let maximumNestingDepth = 512

    public static func parse(_ text: String, source: String = "<input>") throws(JSONParseError) -> JSONValue {
        try run(text, source: source, recordingLocations: false).value
    }

    /// Parses and also returns, for every value, where it starts. Keys are dotted paths:
    /// `plugins.greeter.greeting`, array elements as `items[2]`, and "" for the root value.
    public static func parseWithLocations(
        _ text: String,
        source: String
    ) throws(JSONParseError) -> (value: JSONValue, locations: [String: SourceLocation]) {
        try run(text, source: source, recordingLocations: true)
    }

    private static func run(
        _ text: String,
        source: String,
        recordingLocations: Bool
    ) throws(JSONParseError) -> (value: JSONValue, locations: [String: SourceLocation]) {
        var text = text
        // `withUTF8` is rethrows, which would erase the typed error, so the outcome travels out
        // of the closure as a Result.
        let outcome = text.withUTF8 { bytes in
            Result { () throws(JSONParseError) -> (value: JSONValue, locations: [String: SourceLocation]) in
                var reader = JSONReader(bytes: bytes, source: source, recordingLocations: recordingLocations)
                let value = try reader.parseDocument()
                return (value, reader.locations)
            }
        }
        return try outcome.get()
    }
}
