/// One piece of a parsed template: text copied as is, or a `{{variable}}` to fill.
enum TemplatePiece: Sendable, Equatable {
    case literal(String)
    case variable(String)
}

/// Parses `{{variable}}` templates. Spaces inside the braces are ignored (`{{ name }}`), a
/// backslash before `{{` writes a literal `{{`, and a single `{` or `}` is ordinary text (JSON
/// examples in a prompt need no escaping). Errors give the field, line and column.
enum TemplateParser {
    private static let open = UInt8(ascii: "{")
    private static let close = UInt8(ascii: "}")
    private static let backslash = UInt8(ascii: "\\")

    static func parse(_ text: String, field: String) throws -> [TemplatePiece] {
        let bytes = Array(text.utf8)
        var pieces: [TemplatePiece] = []
        var literal: [UInt8] = []
        var index = 0
        func flushLiteral() {
            if !literal.isEmpty { pieces.append(.literal(String(decoding: literal, as: UTF8.self))) }
            literal.removeAll(keepingCapacity: true)
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == backslash, index + 2 < bytes.count, bytes[index + 1] == open, bytes[index + 2] == open {
                literal.append(open)
                literal.append(open)
                index += 3
                continue
            }
            guard byte == open, index + 1 < bytes.count, bytes[index + 1] == open else {
                literal.append(byte)
                index += 1
                continue
            }
            let start = index
            guard let end = closingBraces(in: bytes, from: index + 2) else {
                throw syntaxError(field: field, bytes: bytes, at: start, "unclosed '{{' (no matching '}}')")
            }
            let inner = bytes[(index + 2)..<end]
            if let nested = firstOpening(in: inner) {
                throw syntaxError(field: field, bytes: bytes, at: start,
                                  "unclosed '{{' ('{{' again at column \(position(of: nested, in: bytes).column) before '}}')")
            }
            let name = trimmed(inner)
            guard !name.isEmpty else {
                throw syntaxError(field: field, bytes: bytes, at: start, "empty placeholder '{{}}'")
            }
            guard Names.isVariableName(name) else {
                throw syntaxError(field: field, bytes: bytes, at: start,
                                  "invalid variable name '\(Names.shown(String(decoding: name, as: UTF8.self)))' (letters, digits and '_', dot-separated, not starting with a digit)")
            }
            flushLiteral()
            pieces.append(.variable(String(decoding: name, as: UTF8.self)))
            index = end + 2
        }
        flushLiteral()
        return pieces
    }

    /// The names of the variables in order of first appearance.
    static func variableNames(_ pieces: [TemplatePiece]) -> [String] {
        var seen: Set<String> = []
        var names: [String] = []
        for case .variable(let name) in pieces where seen.insert(name).inserted { names.append(name) }
        return names
    }

    private static func closingBraces(in bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == close, bytes[index + 1] == close { return index }
            index += 1
        }
        return nil
    }

    private static func firstOpening(in slice: ArraySlice<UInt8>) -> Int? {
        var index = slice.startIndex
        while index + 1 < slice.endIndex {
            if slice[index] == open, slice[index + 1] == open { return index }
            index += 1
        }
        return nil
    }

    private static func trimmed(_ slice: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard let first = slice.firstIndex(where: { !isSpace($0) }), let last = slice.lastIndex(where: { !isSpace($0) }) else {
            return []
        }
        return slice[first...last]
    }

    /// 1-based line and column (in characters) of a byte offset.
    private static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for index in 0..<offset where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).count + 1
        return (line, column)
    }

    private static func syntaxError(field: String, bytes: [UInt8], at offset: Int, _ reason: String) -> PromptError {
        let (line, column) = position(of: offset, in: bytes)
        return PromptError.invalid("\(field): line \(line), column \(column): \(reason)")
    }
}
