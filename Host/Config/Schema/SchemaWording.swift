/// Small helpers that keep violation messages grammatical and consistent.
enum SchemaWording {
    /// "a", "a or b", "a, b or c".
    static func alternatives(_ words: [String]) -> String {
        list(words, conjunction: "or")
    }

    /// "a", "a and b", "a, b and c".
    static func all(_ words: [String]) -> String {
        list(words, conjunction: "and")
    }

    private static func list(_ words: [String], conjunction: String) -> String {
        guard words.count > 1, let last = words.last else { return words.first ?? "" }
        return words.dropLast().joined(separator: ", ") + " \(conjunction) " + last
    }

    /// "1 item", "2 items".
    static func count(_ number: Int, _ singular: String, _ plural: String) -> String {
        "\(number) \(number == 1 ? singular : plural)"
    }

    /// A value as it would appear in JSON, shortened so a huge value cannot flood a message.
    static func quote(_ value: JSONValue) -> String {
        let text = value.serialized()
        guard text.count > 80 else { return text }
        // Shorten a string inside its quotes so the result still reads as a string.
        if case .string(let content) = value {
            return JSONValue.string(String(content.prefix(60)) + "...").serialized()
        }
        return String(text.prefix(77)) + "..."
    }
}
