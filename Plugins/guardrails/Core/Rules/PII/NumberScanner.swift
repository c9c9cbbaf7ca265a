/// Digit runs with the separators people write inside numbers (`138 1234 5678`,
/// `4111-1111-1111-1111`, `+1 (415) 555-2671`, `192.168.0.1`), classified group by group so a
/// phone number followed by an unrelated number is still found.
enum NumberScanner {
    struct Group {
        var start: Int
        var end: Int
        /// The separator written before this group (0 for the first).
        var separator: UInt8
    }

    /// Scans the run at `start` and reports what it contains. Returns where the run ends, or nil
    /// when the run is glued to letters or a colon (then it is a word, not a number).
    static func scan(_ text: UnsafeBufferPointer<UInt8>, at start: Int,
                     report: (PIICategory, Int, Int) -> Void) -> Int? {
        // At most one group per digit, and the scan stops at 40 digits: the groups fit on the
        // stack (an array cost an allocation for every number in the text, "2,000" included).
        withUnsafeTemporaryAllocation(of: Group.self, capacity: maximumGroups) { storage in
            scan(text, at: start, groups: storage.baseAddress!, report: report)
        }
    }

    static let maximumDigits = 40
    static let maximumGroups = maximumDigits + 1

    private static func scan(_ text: UnsafeBufferPointer<UInt8>, at start: Int, groups storage: UnsafeMutablePointer<Group>,
                             report: (PIICategory, Int, Int) -> Void) -> Int? {
        let count = text.count
        var index = start
        let plus = text[index] == UInt8(ascii: "+")
        if plus { index += 1 }
        var groupCount = 0
        var separator: UInt8 = 0
        var digits = 0
        while index < count, digits < maximumDigits {
            if text[index] == UInt8(ascii: "("), index + 1 < count, text[index + 1].isDigit, groupCount <= 1 {
                separator = separator == 0 && groupCount == 0 ? 0 : UInt8(ascii: " ")
                index += 1
            }
            guard index < count, text[index].isDigit else { break }
            let groupStart = index
            while index < count, text[index].isDigit { index += 1 }
            // The X check character of a Chinese resident ID.
            if index - groupStart == 17, index < count, text[index] == UInt8(ascii: "X") || text[index] == UInt8(ascii: "x") { index += 1 }
            (storage + groupCount).initialize(to: Group(start: groupStart, end: index, separator: separator))
            groupCount += 1
            digits += index - groupStart
            guard index + 1 < count else { break }
            var next = index
            if text[next] == UInt8(ascii: ")") { next += 1; if next < count, text[next] == 0x20 { next += 1 } }
            else if text[next] == 0x20 || text[next] == UInt8(ascii: "-") || text[next] == UInt8(ascii: ".") { next += 1 }
            guard next > index, next < count, text[next].isDigit || (text[next] == UInt8(ascii: "(") && groupCount == 1) else { break }
            separator = text[index] == UInt8(ascii: ")") ? UInt8(ascii: " ") : text[index]
            index = next
        }
        let groups = UnsafeBufferPointer(start: storage, count: groupCount)
        guard let last = groups.last else { return nil }
        if last.end < count, text[last.end].isLetter || text[last.end] == UInt8(ascii: ":") || text[last.end] == UInt8(ascii: "_") {
            return nil
        }
        var first = 0
        while first < groups.count {
            var matched = false
            for end in stride(from: groups.count, to: first, by: -1) {
                let slice = groups[first..<end]
                if let category = classify(slice, plus: plus && first == 0, in: text) {
                    let spanStart = first == 0 ? start : slice.first!.start
                    report(category, spanStart, slice.last!.end)
                    first = end
                    matched = true
                    break
                }
            }
            if !matched { first += 1 }
        }
        return last.end
    }

    /// The separators written between groups, as a bit set (a `Set` cost an allocation and
    /// hashing per candidate number).
    struct Separators: Equatable, ExpressibleByArrayLiteral {
        private var bits: UInt8 = 0

        init(arrayLiteral elements: UInt8...) { for element in elements { insert(element) } }

        private static func bit(_ separator: UInt8) -> UInt8 {
            switch separator {
            case 0x20: 1
            case UInt8(ascii: "-"): 2
            case UInt8(ascii: "."): 4
            case 0: 8
            default: 16
            }
        }

        mutating func insert(_ separator: UInt8) { bits |= Self.bit(separator) }
        func contains(_ separator: UInt8) -> Bool { bits & Self.bit(separator) != 0 }
        var count: Int { bits.nonzeroBitCount }
        func isSubset(of other: Separators) -> Bool { bits & ~other.bits == 0 }
    }

    static func classify(_ groups: Slice<UnsafeBufferPointer<Group>>, plus: Bool, in text: UnsafeBufferPointer<UInt8>) -> PIICategory? {
        // Every category but IPv4 has eight digits at least: shorter numbers ("2,000", "3.5")
        // are given up before any array is built.
        var digitCount = 0
        for group in groups { digitCount += group.end - group.start }
        guard digitCount >= 8 || (groups.count == 4 && !plus) else { return nil }
        var characters: [UInt8] = []
        characters.reserveCapacity(digitCount)
        for group in groups { characters += text[group.start..<group.end] }
        let sizes = groups.map { $0.end - $0.start }
        var separators: Separators = []
        for group in groups.dropFirst() { separators.insert(group.separator) }
        let count = characters.count

        if !plus, groups.count == 4, separators == [UInt8(ascii: ".")],
           groups.allSatisfy({ $0.end - $0.start <= 3 && Int(String(decoding: text[$0.start..<$0.end], as: UTF8.self))! <= 255 }) {
            let after = groups.last!.end
            if after + 1 < text.count, text[after] == UInt8(ascii: "."), text[after + 1].isDigit { return nil }
            return .ipv4
        }
        if separators.contains(UInt8(ascii: ".")), !(separators == [UInt8(ascii: ".")] && sizes == [3, 4, 4]) { return nil }
        if !plus, count == 18, groups.count == 1 || sizes == [6, 8, 4], isChineseResidentID(characters) {
            return .chineseResidentID
        }
        guard characters.allSatisfy(\.isDigit) else { return nil }
        var national = characters[...]
        if plus || count == 13, national.count >= 2, national.first == UInt8(ascii: "8"), national.dropFirst().first == UInt8(ascii: "6") {
            national = national.dropFirst(2)
        }
        if national.count == 11, national.first == UInt8(ascii: "1"), let second = national.dropFirst().first,
           second >= UInt8(ascii: "3"), second <= UInt8(ascii: "9"), !plus || count == 13, sizes.allSatisfy({ $0 <= 11 }) {
            return .phoneChineseMobile
        }
        if !plus, sizes == [3, 2, 4], separators.count == 1, separators.isSubset(of: [0x20, UInt8(ascii: "-")]),
           isSSN(characters) {
            return .usSSN
        }
        if !plus, count >= 13, count <= 19, separators.isSubset(of: [0x20, UInt8(ascii: "-")]), separators.count <= 1,
           groups.count == 1 || sizes.dropLast().allSatisfy({ $0 == 4 }) || sizes == [4, 6, 5] || sizes == [4, 6, 4],
           let category = paymentCard(characters) {
            return category
        }
        if plus, count >= 8, count <= 15, characters[0] != UInt8(ascii: "0") { return .phoneE164 }
        if !plus, groups.count >= 3, sizes.suffix(3) == [3, 3, 4], groups.count == 3 || (groups.count == 4 && characters[0] == UInt8(ascii: "1") && sizes[0] == 1),
           characters[count - 10] >= UInt8(ascii: "2"), characters[count - 7] >= UInt8(ascii: "2") {
            return .phoneNANP
        }
        if !plus, groups.count == 1, count == 9,
           text.containsAny(ContextWordLists.passport, in: (groups.first!.start - 40)..<groups.first!.start) {
            return .passport
        }
        if !plus, groups.count == 1, count == 9, isSSN(characters),
           text.containsAny(ContextWordLists.ssn, in: (groups.first!.start - 40)..<groups.first!.start) {
            return .usSSN
        }
        return nil
    }

    /// 17 digits and a check character, a known region, a real birth date, and the MOD 11-2 check.
    static func isChineseResidentID(_ characters: [UInt8]) -> Bool {
        guard characters.count == 18, characters[0] >= UInt8(ascii: "1"), characters[0] <= UInt8(ascii: "8"),
              Checksums.chineseResidentID(characters) else { return false }
        func number(_ range: Range<Int>) -> Int { Int(String(decoding: characters[range], as: UTF8.self)) ?? -1 }
        let year = number(6..<10), month = number(10..<12), day = number(12..<14)
        return (1900...2099).contains(year) && (1...12).contains(month) && (1...31).contains(day)
    }

    static func isSSN(_ digits: [UInt8]) -> Bool {
        let text = String(decoding: digits, as: UTF8.self)
        let area = Int(text.prefix(3))!, group = Int(text.dropFirst(3).prefix(2))!, serial = Int(text.suffix(4))!
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
    }

    /// A Luhn-valid number under a known issuer prefix; UnionPay (62) is reported as a bank card.
    static func paymentCard(_ digits: [UInt8]) -> PIICategory? {
        guard Checksums.luhn(digits) else { return nil }
        let text = String(decoding: digits, as: UTF8.self)
        let two = Int(text.prefix(2))!, four = Int(text.prefix(4))!, length = digits.count
        if two == 62 { return length >= 16 ? .bankCard : nil }
        let known = (text.hasPrefix("4") && [13, 16, 19].contains(length))
            || ((51...55).contains(two) && length == 16) || ((2221...2720).contains(four) && length == 16)
            || ((two == 34 || two == 37) && length == 15)
            || ((four == 6011 || two == 65 || (644...649).contains(four / 10)) && length >= 16)
            || (two == 35 && length >= 16) || ((two == 36 || two == 38 || two == 30) && length == 14)
        return known ? .creditCard : nil
    }
}
