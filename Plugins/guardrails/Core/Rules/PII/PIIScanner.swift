import GuardrailsByteClasses

/// Finds personal data and secrets in one forward pass over the bytes, without regular
/// expressions: candidates start only at `@`, `-----BEGIN`, digits and words, and each candidate
/// is confirmed by its structure and, where one exists, its checksum. Words near a candidate
/// ("phone", "身份证", "key"…) raise its score.
struct PIIScanner {
    let text: UnsafeBufferPointer<UInt8>
    let limit: Int
    private(set) var findings: [RawFinding] = []
    /// `PIIByteClass.table`, read once here rather than through the global's accessor per token.
    private let classes: UnsafePointer<UInt8>

    init(_ text: UnsafeBufferPointer<UInt8>, limit: Int) {
        self.text = text
        self.limit = limit
        classes = PIIByteClass.table
    }

    static func scan(_ text: UnsafeBufferPointer<UInt8>, limit: Int = 4096) -> [RawFinding] {
        scanWithSecrets(text, limit: limit).findings
    }

    /// The findings, and those of them that are secrets (which code safety reports too), told
    /// apart while the category is at hand rather than by parsing category names afterwards.
    static func scanWithSecrets(_ text: UnsafeBufferPointer<UInt8>, limit: Int = 4096) -> (findings: [RawFinding], secrets: [RawFinding]) {
        var scanner = PIIScanner(text, limit: limit)
        scanner.run()
        return (scanner.findings, scanner.secrets)
    }

    private(set) var secrets: [RawFinding] = []

    private mutating func run() {
        let count = text.count
        var index = 0
        while index < count {
            // Most bytes (non-ASCII, spaces, punctuation) can start nothing: one table load each,
            // and one per ideograph rather than per byte.
            let byte = text[index]
            let bits = classes[Int(byte)]
            guard bits & PIIByteClass.start != 0 else {
                // From a non-ASCII character, up to the next byte that may start something,
                // sixteen bytes at a time: Chinese text would otherwise cost a dependent pair of
                // loads per character. (An index inside a character only passes over the rest of
                // it.) A space or punctuation mark before the next word is stepped over at once.
                if byte >= 0x80, index &+ 16 <= count {
                    let starts = guardrails_pii_starts16(text.baseAddress! + index)
                    index &+= starts == 0 ? 16 : starts.trailingZeroBitCount
                } else {
                    index += Int(bits >> PIIByteClass.stepShift)
                }
                continue
            }
            guard findings.count < limit else { break }
            let atBoundary = index == 0 || classes[Int(text[index - 1])] & PIIByteClass.word == 0
            if atBoundary, bits & PIIByteClass.letter != 0, let end = plainWordEnd(at: index) {
                index = end
            } else if byte == UInt8(ascii: "@"), let end = email(at: index) {
                index = end
            } else if byte == UInt8(ascii: "-"), text.hasASCII("-----BEGIN", at: index), let end = privateKey(at: index) {
                index = end
            } else if atBoundary, byte.isDigit || ((byte == UInt8(ascii: "+") || byte == UInt8(ascii: "("))
                                                   && index + 1 < count && text[index + 1].isDigit) {
                if let end = NumberScanner.scan(text, at: index, report: { report($0, $1, $2) }) {
                    index = max(end, index + 1)
                } else {
                    // "2001:db8::1", "123abc": a word after all.
                    index = byte.isDigit ? token(at: index) : index + 1
                }
            } else if atBoundary, byte.isLetterOrDigit {
                index = token(at: index)
            } else {
                index += 1
            }
        }
    }

    mutating func report(_ category: PIICategory, _ start: Int, _ end: Int, base: Double? = nil) {
        guard findings.count < limit else { return }
        var score = base ?? category.baseScore
        if let words = category.contextWords, text.containsAny(words, in: (start - 48)..<start)
            || text.containsAny(words, in: end..<(end + 24)) {
            score = min(1, score + 0.1)
        }
        findings.append(RawFinding(rule: .pii, category: category.rawValue, start: start, end: end,
                                   score: score, reason: category.label))
        if category.isSecret { secrets.append(findings[findings.count - 1]) }
    }

    // MARK: E-mail and key blocks

    private mutating func email(at: Int) -> Int? {
        func isLocal(_ byte: UInt8) -> Bool {
            byte.isWordByte || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "%") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
        }
        var start = at
        while start > 0, isLocal(text[start - 1]) { start -= 1 }
        while start < at, text[start] == UInt8(ascii: ".") { start += 1 }
        guard start < at, at - start <= 64 else { return nil }
        var end = at + 1
        var lastDot = -1
        while end < text.count, text[end].isLetterOrDigit || text[end] == UInt8(ascii: "-") || text[end] == UInt8(ascii: ".") {
            if text[end] == UInt8(ascii: ".") {
                if text[end - 1] == UInt8(ascii: ".") || end == at + 1 { return nil }
                lastDot = end
            }
            end += 1
        }
        while end > at + 1, text[end - 1] == UInt8(ascii: ".") || text[end - 1] == UInt8(ascii: "-") { end -= 1 }
        if lastDot >= end { lastDot = -1; for i in (at + 1)..<end where text[i] == UInt8(ascii: ".") { lastDot = i } }
        guard lastDot > at + 1, end - lastDot - 1 >= 2 else { return nil }
        for i in (lastDot + 1)..<end where !text[i].isLetter { return nil }
        report(.email, start, end)
        return end
    }

    private mutating func privateKey(at start: Int) -> Int? {
        var lineEnd = start
        while lineEnd < text.count, text[lineEnd] != 0x0A, lineEnd - start < 80 { lineEnd += 1 }
        guard text.containsAny(ContextWordLists.privateKeyHeader, in: start..<lineEnd) else { return nil }
        var end = text.count
        var index = lineEnd
        while index < text.count {
            if text.hasASCII("-----END", at: index) {
                end = index + 8
                var dashes = 0
                while end < text.count, dashes < 5, text[end] != 0x0A {
                    dashes = text[end] == UInt8(ascii: "-") ? dashes + 1 : 0
                    end += 1
                }
                break
            }
            index += 1
        }
        report(.privateKey, start, end)
        return end
    }

    // MARK: Words: keys, tokens, IBANs, passports, IPv6

    /// Where the token at `start` ends when it is a plain word `token(at:)` would give up on at
    /// once (letters only, too short to be anything, or under 15 letters and not after `=` or
    /// `:`); nil when it needs `token(at:)`. Most words of a text end here, without a call.
    @inline(__always)
    private func plainWordEnd(at start: Int) -> Int? {
        guard text.baseAddress != nil else { return nil }
        var end = skipLetterBlocks(from: start)
        while end < text.count, classes[Int(text[end])] & PIIByteClass.letter != 0 { end += 1 }
        // A token byte after the letters (a digit, `_`, `-`, `=`…) makes it more than a word.
        guard end == text.count || classes[Int(text[end])] & PIIByteClass.token == 0 else { return nil }
        let length = end - start
        if length < 4 || (length < 6 && !text[start].isUpper) { return end }
        return length < 15 && !isAfterAssignment(start) ? end : nil
    }

    /// `start` moved past the letters that fill whole eight-byte blocks, and within the first
    /// block that holds another byte, up to that byte; the caller goes on byte by byte from there.
    @inline(__always)
    private func skipLetterBlocks(from start: Int) -> Int {
        guard let base = text.baseAddress else { return start }
        var end = start
        while end + 8 <= text.count {
            let others = nonLetterBytes(UnsafeRawPointer(base + end).loadUnaligned(as: UInt64.self))
            guard others == 0 else { return end + others.trailingZeroBitCount >> 3 }
            end += 8
        }
        return end
    }

    /// Examines the token starting at `start`; returns where scanning continues.
    private mutating func token(at start: Int) -> Int {
        // Most tokens are words: their letters are skipped eight at a time; the loop below goes
        // on from the first byte that is not a letter.
        var next = skipLetterBlocks(from: start)
        var lettersOnly = true
        while next < text.count {
            let byteClass = classes[Int(text[next])]
            if byteClass & PIIByteClass.token == 0 { break }
            if byteClass & PIIByteClass.letter == 0 { lettersOnly = false }
            next += 1
        }
        var end = next
        while end > start, text[end - 1] == UInt8(ascii: ".") || text[end - 1] == UInt8(ascii: ":") || text[end - 1] == UInt8(ascii: "-") {
            end -= 1
        }
        guard end > start else { return next }
        // Most tokens are ordinary words: only shapes that can be something are examined further.
        let length = end - start
        let first = text[start]
        guard length >= 6 || (first.isUpper && length >= 4) else { return next }
        // A plain word shorter than any key can only be a password written after `=` or `:`.
        if lettersOnly, length < 15, !isAfterAssignment(start) { return next }
        // Below 15 characters only these shapes can be something (an IBAN's country and check
        // digits, IPv6 colons, `name=value`, a passport number, a value after `=`): most words
        // are given up here, before the token is copied out of the text.
        if length < 15 {
            var separators = false
            for index in start..<end where text[index] == UInt8(ascii: ":") || text[index] == UInt8(ascii: "=") {
                separators = true
                break
            }
            let ibanShaped = length >= 4 && first.isUpper && text[start + 1].isUpper && text[start + 2].isDigit && text[start + 3].isDigit
            guard separators || ibanShaped || (length == 9 && first.isUpper) || isAfterAssignment(start) else { return next }
        }
        let token = Array(text[start..<end])
        if let category = TokenClassifier.knownSecret(token) {
            report(category, start, end)
        } else if let ibanEnd = iban(at: start, token: token) {
            return max(next, ibanEnd)
        } else if TokenClassifier.isIPv6(token) {
            report(.ipv6, start, end)
        } else if let value = assignedValue(token: token, start: start) {
            report(.password, value.start, value.end)
        } else if TokenClassifier.isPassportShaped(token),
                  text.containsAny(ContextWordLists.passport, in: (start - 40)..<start) {
            report(.passport, start, end)
        } else if token.count == 40, TokenClassifier.isBase64(token),
                  text.containsAny(ContextWordLists.aws, in: (start - 60)..<start),
                  Checksums.entropy(token[...]) >= 4.2 {
            report(.awsSecretKey, start, end)
        } else if TokenClassifier.isHighEntropySecret(token) {
            let before = start > 0 ? text[start - 1] : 0
            let assigned = before == UInt8(ascii: "=") || before == UInt8(ascii: ":") || before == 0x22 || before == 0x27
            report(.highEntropySecret, start, end, base: assigned ? 0.8 : 0.7)
        }
        return next
    }

    /// An IBAN written compactly (`DE89370400440532013000`) or in groups of four.
    private mutating func iban(at start: Int, token: [UInt8]) -> Int? {
        guard token.count >= 4, token[0].isUpper, token[1].isUpper, token[2].isDigit, token[3].isDigit,
              let expected = Checksums.ibanLengths[String(decoding: token[0..<2], as: UTF8.self)] else { return nil }
        var characters = token
        var end = start + token.count
        if token.count == 4 {
            while characters.count < expected, end + 1 < text.count, text[end] == 0x20 {
                var groupEnd = end + 1
                while groupEnd < text.count, groupEnd - end - 1 < 4, text[groupEnd].isDigit || text[groupEnd].isUpper { groupEnd += 1 }
                guard groupEnd > end + 1, groupEnd == text.count || !text[groupEnd].isWordByte else { break }
                characters += text[(end + 1)..<groupEnd]
                end = groupEnd
            }
        }
        guard characters.count == expected, characters.allSatisfy({ $0.isDigit || $0.isUpper }),
              Checksums.iban(characters) else { return nil }
        report(.iban, start, end)
        return end
    }

    /// Whether `=`, `:` or `：` precedes `start`, across spaces and quotes.
    private func isAfterAssignment(_ start: Int) -> Bool {
        var index = start
        while index > 0, text[index - 1].isQuoteOrSpace { index -= 1 }
        guard index > 0 else { return false }
        let before = text[index - 1]
        return before == UInt8(ascii: "=") || before == UInt8(ascii: ":")
            || (index >= 3 && text[index - 3] == 0xEF && text[index - 2] == 0xBC && before == 0x9A)
    }

    /// `password=…`, `api_key: "…"`, `密码：…`: the value after a secret's name and `=` or `:`.
    private static let secretNames = ["password", "passwd", "pwd", "secret", "api_key", "apikey", "access_token", "auth_token", "token", "密码"]
        .map { Array($0.utf8) }

    private func assignedValue(token: [UInt8], start: Int) -> (start: Int, end: Int)? {
        let keywords = Self.secretNames
        func isSecretName(_ name: ArraySlice<UInt8>) -> Bool {
            let lower = name.map(\.lowercasedASCII)
            return keywords.contains { lower.count >= $0.count && Array(lower.suffix($0.count)) == $0 }
        }
        var valueStart = start
        var value = token[...]
        if let separator = token.firstIndex(where: { $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: ":") }),
           isSecretName(token[..<separator]) {
            valueStart = start + separator + 1
            value = token[(separator + 1)...]
        } else {
            // Look back over quotes and spaces, one `=`/`:`/`：`, quotes and spaces, then the name.
            var index = start
            while index > 0, text[index - 1].isQuoteOrSpace { index -= 1 }
            if index >= 3, text[index - 3] == 0xEF, text[index - 2] == 0xBC, text[index - 1] == 0x9A {
                index -= 3
            } else if index > 0, text[index - 1] == UInt8(ascii: "=") || text[index - 1] == UInt8(ascii: ":") {
                index -= 1
            } else { return nil }
            while index > 0, text[index - 1].isQuoteOrSpace { index -= 1 }
            var nameStart = index
            while nameStart > 0, index - nameStart < 24, text[nameStart - 1] >= 0x80 || text[nameStart - 1].isWordByte { nameStart -= 1 }
            guard nameStart < index, isSecretName(Array(text[nameStart..<index])[...]) else { return nil }
        }
        while let last = value.last, last == UInt8(ascii: "\"") || last == UInt8(ascii: "'") { value = value.dropLast() }
        guard value.count >= 6, TokenClassifier.characterClasses(value) >= 2, !TokenClassifier.isPlaceholder(value) else { return nil }
        return (valueStart, valueStart + value.count)
    }
}
