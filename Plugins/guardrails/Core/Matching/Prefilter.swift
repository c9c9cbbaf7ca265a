import GuardrailsByteClasses

/// The first folded characters of every pattern (its key): one character for one-character
/// patterns, two for patterns led by a non-Latin character, up to six for Latin-led ones (whose
/// first letters are too common to filter much: with made-up terms, 9% of English words start
/// like some term over four letters, far fewer over six). A start position is given up at the
/// first prefix no key has, usually after one or two characters.
///
/// Where the tables sit decides the speed, since one is read at every word start and every
/// ideograph. A Latin key's first one, two and three characters (letters and digits only, after
/// folding) index direct tables of two flag bits each (key / prefix of a key): 13 KiB, which stay
/// in the first-level cache. Its longer prefixes, and prefixes with characters outside ASCII, are
/// hashed into tables of the same flag pairs, sized to about eight entries per key so that they
/// are small and a false positive rare. Non-Latin keys have their own bitmaps: first
/// characters, single-character keys (skipped when there are none) and character pairs in 2^20
/// bits (128 KiB), so that few ideograph pairs of ordinary text pass for a key's pair and send
/// the automaton, whose table is far larger than any cache, on a pointless walk.
struct Prefilter: Sendable {
    // Computed constants, not stored ones: a stored static is a lazily initialised global whose
    // every read in the scan loop goes through its initialisation check.
    @inline(__always) static var keyBits: Int { 18 }
    @inline(__always) static var pairBits: Int { 20 }
    @inline(__always) static var longestLatinKey: Int { 6 }
    @inline(__always) fileprivate static var wordsPerBitmap: Int { 1 << (keyBits - 6) }
    /// Folded letters and digits: 0-9 then a-z.
    @inline(__always) fileprivate static var latinSymbols: Int { 36 }

    /// Latin keys' first character (`latinSymbols` entries), then first two characters
    /// (`latinSymbols`² entries): bit 0 when a key is exactly that, bit 1 when a key starts so.
    private var latinDirect = [UInt8](repeating: 0, count: latinSymbols + latinSymbols * latinSymbols)
    /// The same two bits for Latin keys' first three characters, 32 entries per word.
    private var latinTriples = [UInt64](repeating: 0, count: (latinSymbols * latinSymbols * latinSymbols + 31) / 32)
    /// The same two bits for Latin keys' prefixes of 2…6 characters, hashed: one table of
    /// 2^`hashedBits` entries per length.
    private var latinHashed: [UInt64]
    private let hashedBits: Int
    /// Non-Latin keys: first characters, then single-character keys.
    private var firstWords = [UInt64](repeating: 0, count: 2 * wordsPerBitmap)
    /// Non-Latin keys: their first two characters.
    private var pairWords = [UInt64](repeating: 0, count: 1 << (pairBits - 6))
    private var hasNonLatinSingles = false
    /// Every byte's `latinSymbol` + 1 when it is an ASCII letter or digit, else 0.
    private let symbols: [UInt8] = (0..<256).map { byte in
        byte < 0x80 && Folding.lexiconASCII[byte] != 0 ? UInt8(latinSymbol(UInt32(Folding.lexiconASCII[byte])) + 1) : 0
    }

    /// The running hash of a key: the previous characters' hash mixed with the next character.
    @inline(__always) static func extend(_ hash: UInt32, _ unit: UInt32) -> UInt32 { (hash ^ unit) &* 0x9E37_79B1 }
    /// Non-Latin keys' characters are looked up by their UTF-8 bytes packed little-endian into
    /// one word (a pair of ideographs is then one 6-byte load from the text, with no decoding),
    /// hashed to `bits` bits.
    /// Shifted up by two bytes first, so that an eight-byte load from the text drops its last two
    /// bytes in the same shift (a pair of four-byte characters loses its last two bytes too, which
    /// only makes it share bits with more pairs: the tables are filled through the same function).
    @inline(__always) static func packedIndex(_ packed: UInt64, bits: Int) -> Int {
        Int(truncatingIfNeeded: ((packed &<< 16) &* 0x9E37_79B9_7F4A_7C15) &>> UInt64(64 &- bits))
    }
    /// The UTF-8 bytes of `unit` packed little-endian, and their count.
    @inline(__always) static func packed(_ unit: UInt32) -> (UInt64, Int) {
        let value = UInt64(unit)
        if value < 0x80 { return (value, 1) }
        if value < 0x800 { return (0xC0 | value &>> 6 | (0x80 | value & 0x3F) &<< 8, 2) }
        if value < 0x1_0000 {
            return (0xE0 | value &>> 12 | (0x80 | value &>> 6 & 0x3F) &<< 8 | (0x80 | value & 0x3F) &<< 16, 3)
        }
        return (0xF0 | value &>> 18 | (0x80 | value &>> 12 & 0x3F) &<< 8 | (0x80 | value &>> 6 & 0x3F) &<< 16
            | (0x80 | value & 0x3F) &<< 24, 4)
    }
    /// 0-35 for a folded ASCII letter or digit.
    @inline(__always) fileprivate static func latinSymbol(_ unit: UInt32) -> Int {
        Int(unit >= 0x61 ? unit &- 0x61 &+ 10 : unit &- 0x30)
    }

    /// `patterns` folded (`Folding.foldedBytes`, lexicon mode).
    init(_ patterns: [[UInt8]]) {
        let keys = patterns.map { pattern in
            pattern.withUnsafeBufferPointer { bytes in
                var units: [UInt32] = []
                var index = 0
                while index < bytes.count {
                    let (value, length) = UTF8Scalar.decode(bytes, at: index)
                    units.append(value)
                    index += length
                }
                return units
            }
        }
        let latinKeys = keys.count { ($0.first ?? 0x80) < 0x80 }
        var bits = 12
        while bits < Self.keyBits, 1 << bits < 8 * latinKeys { bits += 1 }
        hashedBits = bits
        latinHashed = [UInt64](repeating: 0, count: (Self.longestLatinKey - 1) << (bits - 5))
        for units in keys {
            guard let first = units.first else { continue }
            if first < 0x80 { insertLatin(units) } else { insertNonLatin(units) }
        }
    }

    private mutating func insertLatin(_ units: [UInt32]) {
        let keyLength = min(units.count, Self.longestLatinKey)
        var direct = Self.latinSymbol(units[0])
        latinDirect[direct] |= keyLength == 1 ? 3 : 2
        var hash = Self.extend(0, units[0])
        for length in stride(from: 2, through: keyLength, by: 1) {
            let unit = units[length - 1]
            let flags: UInt64 = length == keyLength ? 3 : 2
            if direct >= 0, unit < 0x80, length <= 3 {
                direct = direct * Self.latinSymbols + Self.latinSymbol(unit)
                if length == 2 {
                    latinDirect[Self.latinSymbols + direct] |= UInt8(flags)
                } else {
                    latinTriples[direct >> 5] |= flags << UInt64((direct & 31) * 2)
                }
            } else {
                direct = -1
            }
            hash = Self.extend(hash, unit)
            let entry = (length - 2) << hashedBits | Int(hash >> UInt32(32 - hashedBits))
            latinHashed[entry >> 5] |= flags << UInt64((entry & 31) * 2)
        }
    }

    private mutating func insertNonLatin(_ units: [UInt32]) {
        let (first, firstLength) = Self.packed(units[0])
        let firstIndex = Self.packedIndex(first, bits: Self.keyBits)
        Self.insert(firstIndex, into: &firstWords, bitmap: 0)
        if units.count == 1 {
            Self.insert(firstIndex, into: &firstWords, bitmap: 1)
            hasNonLatinSingles = true
        } else {
            let pair = first | Self.packed(units[1]).0 &<< UInt64(8 * firstLength)
            Self.insert(Self.packedIndex(pair, bits: Self.pairBits), into: &pairWords, bitmap: 0)
        }
    }

    private static func insert(_ key: Int, into words: inout [UInt64], bitmap: Int) {
        words[bitmap * wordsPerBitmap + key >> 6] |= 1 << UInt64(key & 63)
    }

    /// Calls `candidate(start)` for every position of `text` (valid UTF-8) whose first folded
    /// characters are some pattern's key, in ascending order, until it returns false.
    ///
    /// A Latin letter or digit can start a pattern only at a word start (see `Lexicon.accepts`),
    /// so the rest of a plain ASCII word is skipped with one table load per byte; only start
    /// positions read ahead the folded characters their keys need.
    func scan(_ text: UnsafeBufferPointer<UInt8>, _ candidate: (Int) -> Bool) {
        guard let base = text.baseAddress else { return }
        Folding.lexiconASCII.withUnsafeBufferPointer { asciiTable in
            latinHashed.withUnsafeBufferPointer { latinHashed in
                latinDirect.withUnsafeBufferPointer { latinDirect in
                latinTriples.withUnsafeBufferPointer { latinTriples in
                symbols.withUnsafeBufferPointer { symbols in
                    firstWords.withUnsafeBufferPointer { firstWords in

                        pairWords.withUnsafeBufferPointer { pairWords in
                            let scanner = Scanner(text: base, count: text.count, ascii: asciiTable.baseAddress!,
                                                  latinDirect: latinDirect.baseAddress!, latinTriples: latinTriples.baseAddress!,
                                                  latinHashed: latinHashed.baseAddress!, hashedBits: hashedBits,
                                                  symbols: symbols.baseAddress!,
                                                  firstWords: firstWords.baseAddress!, pairWords: pairWords.baseAddress!,
                                                  hasNonLatinSingles: hasNonLatinSingles)
                            scanner.run(candidate)
                        }
                    }
                }
                }
                }
            }
        }
    }

    private struct Scanner {
        let text: UnsafePointer<UInt8>
        let count: Int
        /// `Folding.lexiconASCII`: folded ASCII byte, 0 for separators.
        let ascii: UnsafePointer<UInt8>
        let latinDirect: UnsafePointer<UInt8>
        let latinTriples: UnsafePointer<UInt64>
        let latinHashed: UnsafePointer<UInt64>
        let hashedBits: Int
        let symbols: UnsafePointer<UInt8>
        let firstWords: UnsafePointer<UInt64>
        let pairWords: UnsafePointer<UInt64>
        let hasNonLatinSingles: Bool

        /// Marks a scalar that folds to nothing.
        @inline(__always) static var skipped: UInt32 { .max }

        @inline(__always) static func bit(_ words: UnsafePointer<UInt64>, _ key: Int, _ bitmap: Int = 0) -> Bool {
            words[bitmap &* Prefilter.wordsPerBitmap &+ key &>> 6] & (1 &<< UInt64(key & 63)) != 0
        }

        /// The flag bits of a Latin prefix of `length` characters hashed into `hash`.
        @inline(__always) func hashedFlags(_ hash: UInt32, length: Int) -> UInt64 {
            let entry = (length &- 2) &<< hashedBits | Int(hash &>> UInt32(32 &- hashedBits))
            return latinHashed[entry &>> 5] &>> UInt64((entry & 31) &* 2) & 3
        }

        /// Whether a non-Latin key is the character whose UTF-8 bytes are packed into `packed`,
        /// starts with it, or starts with the two characters packed into `pair`.
        @inline(__always) func isSingle(_ packed: UInt64) -> Bool {
            hasNonLatinSingles && Self.bit(firstWords, Prefilter.packedIndex(packed, bits: Prefilter.keyBits), 1)
        }
        @inline(__always) func isFirst(_ packed: UInt64) -> Bool {
            Self.bit(firstWords, Prefilter.packedIndex(packed, bits: Prefilter.keyBits))
        }
        @inline(__always) func isPair(_ pair: UInt64) -> Bool {
            let key = Prefilter.packedIndex(pair, bits: Prefilter.pairBits)
            return pairWords[key &>> 6] & (1 &<< UInt64(key & 63)) != 0
        }

        func run(_ candidate: (Int) -> Bool) {
            var index = 0
            var previousIsWord = false
            while index < count {
                let byte = text[index]
                if byte < 0x80, index &+ 16 <= count {
                    guard scanASCII(from: &index, previousIsWord: &previousIsWord, candidate) else { return }
                    continue
                }
                if byte < 0x80 {
                    let folded = ascii[Int(byte)]
                    if folded == 0 {
                        previousIsWord = byte == UInt8(ascii: "_")
                        index &+= 1
                        continue
                    }
                    if !previousIsWord, !checkWordStart(at: index, first: folded, candidate) { return }
                    // The rest of the word cannot start a Latin pattern.
                    index = wordEnd(from: index &+ 1)
                    previousIsWord = true
                    continue
                }
                if byte &- 0xE4 < 6, index &+ 2 < count {
                    // A run of ideographs U+4000…U+9FFF, which fold to themselves: each one's pair
                    // key is finished by the next without looking ahead or decoding twice.
                    guard scanIdeographs(from: &index, candidate) else { return }
                    previousIsWord = false
                    continue
                }
                let (unit, length) = foldedUnit(at: index, lead: byte)
                if unit == Self.skipped {
                    previousIsWord = false
                } else if unit >= 0x80 || !previousIsWord {
                    if !checkStart(at: index, first: unit, after: index &+ length, candidate) { return }
                    previousIsWord = unit < 0x80
                }
                index &+= length
            }
        }

        /// Scans the ideographs from `index` (one at least) up to the first other character,
        /// checking each one's single and pair keys; leaves `index` after the run. False when
        /// `candidate` asked to stop.
        @inline(__always)
        func scanIdeographs(from index: inout Int, _ candidate: (Int) -> Bool) -> Bool {
            // Locals, so that the loop keeps them in registers across the rare call to `candidate`.
            let text = self.text, count = self.count, pairWords = self.pairWords, singles = hasNonLatinSingles
            var start = index
            // While the next character is an ideograph too and an eight-byte load from `start`
            // stays inside the text, the pair is the load's first six bytes.
            while start &+ 8 <= count, text[start &+ 3] &- 0xE4 < 6 {
                let bytes = UInt64(littleEndian: UnsafeRawPointer(text + start).loadUnaligned(as: UInt64.self))
                let key = Prefilter.packedIndex(bytes, bits: Prefilter.pairBits)
                if pairWords[key &>> 6] & (1 &<< UInt64(key & 63)) != 0 || singles && isSingle(bytes & 0xFF_FFFF) {
                    if !candidate(start) {
                        index = start &+ 3
                        return false
                    }
                }
                start &+= 3
            }
            // The run's last ideograph (or one near the end of the text): its pair may be finished
            // by a character after separators.
            index = start &+ 3
            let first = UInt64(text[start]) | UInt64(text[start &+ 1]) &<< 8 | UInt64(text[start &+ 2]) &<< 16
            var matches = isSingle(first)
            var position = index
            let next = nextUnit(&position)
            if next != Self.skipped, isPair(first | Prefilter.packed(next).0 &<< 24) { matches = true }
            return !matches || candidate(start)
        }

        /// The first byte at or after `index` that is not an ASCII letter or digit. Eight bytes at
        /// a time: the end of a word is found by counting bits, not by a loop whose exit, at a
        /// different length for every word, the processor cannot predict.
        @inline(__always)
        func wordEnd(from start: Int) -> Int {
            var index = start
            while index &+ 8 <= count {
                let stops = Self.nonAlphanumeric(UnsafeRawPointer(text + index).loadUnaligned(as: UInt64.self))
                if stops != 0 { return index &+ stops.trailingZeroBitCount &>> 3 }
                index &+= 8
            }
            while index < count, symbols[Int(text[index])] != 0 { index &+= 1 }
            return index
        }

        /// The high bit of every byte of `bytes` (little-endian) that is not an ASCII letter or
        /// digit. Each range test is `(byte | 0x80) - bound`, whose high bit says byte ≥ bound
        /// for ASCII bytes without borrowing from the next byte; non-ASCII bytes are masked in.
        @inline(__always)
        static func nonAlphanumeric(_ bytes: UInt64) -> UInt64 {
            let high: UInt64 = 0x8080_8080_8080_8080
            @inline(__always) func atLeast(_ value: UInt64, _ bound: UInt64) -> UInt64 {
                ((value | high) &- bound &* 0x0101_0101_0101_0101) & high
            }
            let lower = bytes | 0x2020_2020_2020_2020
            let digit = atLeast(bytes, 0x30) & ~atLeast(bytes, 0x3A)
            let letter = atLeast(lower, 0x61) & ~atLeast(lower, 0x7B)
            return (~(digit | letter) | bytes) & high
        }

        /// Checks the word starts among the sixteen bytes from `index` up to the first
        /// non-ASCII one (there is an ASCII byte at `index`), found all at once from bit masks
        /// rather than byte by byte: a word starts at a letter or digit after a byte that is
        /// neither nor `_`. Leaves `index` after those bytes and `previousIsWord` as the byte
        /// by byte loop would. False when `candidate` asked to stop.
        @inline(__always)
        func scanASCII(from index: inout Int, previousIsWord: inout Bool, _ candidate: (Int) -> Bool) -> Bool {
            let classes = guardrails_classify16(text + index)
            let length = (UInt64(classes.non_ascii) | 0x1_0000).trailingZeroBitCount
            let inside: UInt64 = 1 &<< UInt64(length) &- 1
            let alphanumeric = UInt64(classes.alphanumeric) & inside
            let wordBytes = alphanumeric | UInt64(classes.underscore) & inside
            var starts = alphanumeric & ~(wordBytes &<< 1 | (previousIsWord ? 1 : 0))
            while starts != 0 {
                let start = index &+ starts.trailingZeroBitCount
                if !checkWordStart(at: start, first: text[start] | 0x20, candidate) { return false }
                starts &= starts &- 1
            }
            previousIsWord = wordBytes &>> UInt64(length &- 1) & 1 != 0
            index &+= length
            return true
        }

        /// `checkStart` for an ASCII letter or digit `first` at a word start. When the word's
        /// first three bytes are letters or digits (most words), their three flag entries are read
        /// at once, without a branch per character; exact keys need no check of their prefixes.
        @inline(__always)
        func checkWordStart(at start: Int, first: UInt8, _ candidate: (Int) -> Bool) -> Bool {
            if start &+ 2 < count {
                let second = Int(symbols[Int(text[start &+ 1])]), third = Int(symbols[Int(text[start &+ 2])])
                if second != 0, third != 0 {
                    let pair = (Int(symbols[Int(text[start])]) &- 1) &* Prefilter.latinSymbols &+ second &- 1
                    let triple = pair &* Prefilter.latinSymbols &+ third &- 1
                    let flags = UInt64(latinDirect[Int(symbols[Int(text[start])]) &- 1] | latinDirect[Prefilter.latinSymbols &+ pair])
                    let tripleFlags = latinTriples[triple &>> 5] &>> UInt64((triple & 31) &* 2)
                    var matches = (flags | tripleFlags) & 1 != 0
                    if tripleFlags & 2 != 0 {
                        var hash = Prefilter.extend(0, UInt32(first))
                        hash = Prefilter.extend(hash, UInt32(ascii[Int(text[start &+ 1])]))
                        hash = Prefilter.extend(hash, UInt32(ascii[Int(text[start &+ 2])]))
                        var position = start &+ 3
                        if continueHashed(hash, length: 3, &position) { matches = true }
                    }
                    return !matches || candidate(start)
                }
            }
            return checkStart(at: start, first: UInt32(first), after: start &+ 1, candidate)
        }

        /// Follows a Latin key past `length` characters (hashed into `hash`) through the hashed
        /// tables; true when some key ends on the way.
        @inline(__always)
        func continueHashed(_ start: UInt32, length start_length: Int, _ position: inout Int) -> Bool {
            var hash = start
            var length = start_length
            var matches = false
            while length < Prefilter.longestLatinKey {
                let unit = nextUnit(&position)
                guard unit != Self.skipped else { break }
                hash = Prefilter.extend(hash, unit)
                length &+= 1
                let flags = hashedFlags(hash, length: length)
                if flags & 1 != 0 { matches = true }
                if flags & 2 == 0 { break }
            }
            return matches
        }

        /// Whether some pattern's key starts at `start`, whose first folded character is `first`
        /// and whose next one begins at or after `after`; if so, calls `candidate`. False when
        /// `candidate` asked to stop.
        @inline(__always)
        func checkStart(at start: Int, first: UInt32, after: Int, _ candidate: (Int) -> Bool) -> Bool {
            var position = after
            guard first < 0x80 else {
                let (packed, length) = Prefilter.packed(first)
                var matches = isSingle(packed)
                if isFirst(packed) {
                    let next = nextUnit(&position)
                    if next != Self.skipped, isPair(packed | Prefilter.packed(next).0 &<< UInt64(8 &* length)) { matches = true }
                }
                return !matches || candidate(start)
            }
            var direct = Prefilter.latinSymbol(first)
            var flags = UInt64(latinDirect[direct])
            var matches = flags & 1 != 0
            var hash = Prefilter.extend(0, first)
            var length = 1
            // Direct tables while the characters are letters and digits, hashed ones after.
            while flags & 2 != 0, length < Prefilter.longestLatinKey {
                let unit = nextUnit(&position)
                guard unit != Self.skipped else { break }
                hash = Prefilter.extend(hash, unit)
                length &+= 1
                if length <= 3, unit < 0x80, direct >= 0 {
                    direct = direct &* Prefilter.latinSymbols &+ Prefilter.latinSymbol(unit)
                    flags = length == 2 ? UInt64(latinDirect[Prefilter.latinSymbols &+ direct])
                        : latinTriples[direct &>> 5] &>> UInt64((direct & 31) &* 2) & 3
                } else {
                    direct = -1
                    flags = hashedFlags(hash, length: length)
                }
                if flags & 1 != 0 { matches = true }
            }
            return !matches || candidate(start)
        }

        /// The next folded character at or after `position` (separators skipped), `skipped` at
        /// the end of the text; moves `position` past it.
        @inline(__always)
        func nextUnit(_ position: inout Int) -> UInt32 {
            while position < count {
                let byte = text[position]
                if byte < 0x80 {
                    position &+= 1
                    let folded = ascii[Int(byte)]
                    if folded != 0 { return UInt32(folded) }
                    continue
                }
                let (unit, length) = foldedUnit(at: position, lead: byte)
                position &+= length
                if unit != Self.skipped { return unit }
            }
            return Self.skipped
        }

        /// The folded character of the non-ASCII scalar at `index` (an ASCII byte, the scalar
        /// itself, or `skipped`) and the scalar's length.
        @inline(__always)
        func foldedUnit(at index: Int, lead: UInt8) -> (UInt32, Int) {
            let value: UInt32, length: Int
            if lead < 0xE0 {
                value = UInt32(lead & 0x1F) << 6 | UInt32(text[index &+ 1] & 0x3F)
                length = 2
            } else if lead < 0xF0 {
                value = UInt32(lead & 0x0F) << 12 | UInt32(text[index &+ 1] & 0x3F) << 6 | UInt32(text[index &+ 2] & 0x3F)
                length = 3
            } else {
                value = UInt32(lead & 0x07) << 18 | UInt32(text[index &+ 1] & 0x3F) << 12
                    | UInt32(text[index &+ 2] & 0x3F) << 6 | UInt32(text[index &+ 3] & 0x3F)
                length = 4
            }
            guard Folding.needsDecoding(lead: lead) else { return (value, length) }
            // CJK punctuation (U+3000…U+303F) and full-width forms, common in Chinese text, folded
            // as `Folding.fold` does without its general switch.
            if value &- 0x3000 < 0x40 { return (Self.skipped, length) }
            if value &- 0xFF01 < 0x5E {
                let folded = ascii[Int(value &- 0xFEE0)]
                return (folded == 0 ? Self.skipped : UInt32(folded), length)
            }
            switch Folding.fold(value, .lexicon) {
            case .skip: return (Self.skipped, length)
            case .ascii(let folded): return (UInt32(folded), length)
            case .keep: return (value, length)
            }
        }
    }
}
