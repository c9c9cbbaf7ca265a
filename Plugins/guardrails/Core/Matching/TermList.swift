import Foundation

/// Reads term lists: one entry per line, `term`, `term<TAB>category`, `term<TAB>weight` or
/// `term<TAB>category<TAB>weight`; `#` starts a comment line; blank lines are ignored. A
/// category starts with a letter, so a number in the second field is a weight.
///
/// A line that cannot be used is an error naming the file and the line: a list with a typo
/// should fail loudly at load time, not silently match less.
public struct TermList {
    public struct Line: Sendable, Equatable {
        public var term: String
        public var category: String?
        public var weight: Double?
        public var number: Int
    }

    /// Parses `text` (the contents of `name`).
    public static func parse(_ text: String, name: String) throws(GuardrailsError) -> [Line] {
        var lines: [Line] = []
        var number = 0
        // `isNewline` takes "\r\n" as one separator, so Windows files number lines correctly.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            number += 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            func fail(_ reason: String) -> GuardrailsError { .malformedTermList(file: name, line: number, reason: reason) }
            guard fields.count <= 3 else {
                throw fail("expected at most 3 tab-separated fields (term, category, weight), found \(fields.count)")
            }
            let term = fields[0]
            guard !term.isEmpty else { throw fail("the term is empty") }
            guard !Folding.foldedBytes(of: term, .lexicon).isEmpty else {
                throw fail("the term has no letters, digits or ideographs to match")
            }
            var category: String?
            var weight: Double?
            if fields.count == 2, let value = Double(fields[1]) {
                guard value >= 0, value <= 1 else { throw fail("weight '\(fields[1])' is not a number between 0 and 1") }
                weight = value
            } else if fields.count >= 2 {
                let name = fields[1]
                guard let first = name.utf8.first, first.isLetter, name.utf8.allSatisfy({ $0.isLetterOrDigit || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }) else {
                    throw fail("category '\(fields[1])' must start with a letter and be letters, digits, '_' or '-'")
                }
                category = name.lowercased()
            }
            if fields.count == 3 {
                guard let value = Double(fields[2]), value >= 0, value <= 1 else {
                    throw fail("weight '\(fields[2])' is not a number between 0 and 1")
                }
                weight = value
            }
            lines.append(Line(term: term, category: category, weight: weight, number: number))
        }
        return lines
    }

    /// Reads and parses a file; errors name `displayName` (the path relative to the data directory).
    public static func load(path: String, displayName: String) throws(GuardrailsError) -> [Line] {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadableFile(path: displayName, reason: (error as NSError).localizedDescription)
        }
        let bytes = [UInt8](data)
        if let offset = bytes.withUnsafeBufferPointer({ UTF8Validation.firstInvalidOffset($0) }) {
            let line = bytes[..<offset].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            throw .malformedTermList(file: displayName, line: line, reason: "not valid UTF-8 (byte offset \(offset))")
        }
        return try parse(String(decoding: bytes, as: UTF8.self), name: displayName)
    }
}
