/// The naming rules of prompts, aliases, variables and tags, checked in one place.
enum Names {
    static let maxPromptName = 256
    static let maxAlias = 64
    static let maxTagKey = 250
    static let maxTagValue = 5000
    /// Aliases the registry answers itself: `latest` is always the newest version.
    static let implicitAliases: Set<String> = ["latest"]

    /// Prompt names follow MLflow's rule (letters, digits, `_`, `.`, `-`), so an export loads there.
    static func checkPromptName(_ name: String, field: String = "name") throws {
        guard !name.isEmpty else { throw PromptError.invalid("\(field) must not be empty") }
        guard name.utf8.count <= maxPromptName else {
            throw PromptError.invalid("\(field) '\(shown(name))' is longer than \(maxPromptName) bytes")
        }
        guard name.utf8.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }) else {
            throw PromptError.invalid("\(field) '\(shown(name))' may only contain letters, digits, '_', '.' and '-'")
        }
    }

    /// Aliases: a letter first (so `3` always means a version number), then letters, digits, `_`, `-`, `.`.
    static func checkAlias(_ alias: String, field: String = "alias") throws {
        guard let first = alias.utf8.first, isLetter(first) else {
            throw PromptError.invalid("\(field) '\(shown(alias))' must start with a letter")
        }
        guard alias.utf8.count <= maxAlias,
              alias.utf8.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }) else {
            throw PromptError.invalid("\(field) '\(shown(alias))' may only contain letters, digits, '_', '-' and '.' (at most \(maxAlias))")
        }
    }

    /// Variable names: identifiers joined by dots (`user.name`), as MLflow and Jinja2 name them.
    static func isVariableName<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        var atSegmentStart = true
        for byte in bytes {
            if atSegmentStart {
                guard isLetter(byte) || byte == UInt8(ascii: "_") else { return false }
                atSegmentStart = false
            } else if byte == UInt8(ascii: ".") {
                atSegmentStart = true
            } else if !(isAlphanumeric(byte) || byte == UInt8(ascii: "_")) {
                return false
            }
        }
        return !atSegmentStart
    }

    /// User input as error messages quote it: at most 60 characters, so a megabyte of junk
    /// does not come back as a megabyte of error.
    static func shown(_ text: String) -> String {
        text.count <= 60 ? text : text.prefix(60) + "…"
    }

    static func checkTags(_ tags: [String: String], field: String) throws {
        for (key, value) in tags {
            guard !key.isEmpty, key.utf8.count <= maxTagKey else {
                throw PromptError.invalid("\(field): tag keys must be 1 to \(maxTagKey) bytes, got '\(key.prefix(40))'")
            }
            guard value.utf8.count <= maxTagValue else {
                throw PromptError.invalid("\(field).\(key): tag values must be at most \(maxTagValue) bytes")
            }
        }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
