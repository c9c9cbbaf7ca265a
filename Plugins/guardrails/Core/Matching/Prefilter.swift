import GuardrailsByteClasses

/// The first folded characters of every pattern (its key): one character for one-character
/// patterns, two for patterns led by a non-Latin character, and for Latin-led ones their first
/// ASCII characters, up to six (whose first letters are too common to filter much: with made-up
/// terms, nearly every three-letter English word starts like some term, few six-letter ones do).
/// A start position is given up at the first prefix no key has, usually at once.
///
/// Where the tables sit decides the speed, since one is read at every word start and every
/// ideograph. Latin keys and their prefixes are looked up as the little-endian word of their
/// folded bytes (a word of text is then one eight-byte load, masked to its length, and one
/// table read), hashed into one table per length of two flag bits per entry (key / prefix of a
/// key), of 2^17 entries per length so that a false positive is rare. Non-Latin keys have
/// their own bitmaps: first characters, single-character keys (skipped when there are none) and
/// character pairs in two bitmaps of 2^20 bits (128 KiB each, the second read only when the first
/// passes), so that few ideograph pairs of ordinary text pass for a key's pair and send the trie
/// walk, which misses the cache, on a pointless errand.
struct Prefilter: Sendable, CandidateScan {
    // Computed constants, not stored ones: a stored static is a lazily initialised global whose
    // every read in the scan loop goes through its initialisation check.
    @inline(__always) static var keyBits: Int { 18 }
    @inline(__always) static var pairBits: Int { 20 }
    @inline(__always) static var longestLatinKey: Int { 6 }
    @inline(__always) fileprivate static var wordsPerBitmap: Int { 1 << (keyBits - 6) }

    /// Latin keys' prefixes of 1…6 characters, hashed: one table of 2^`latinBits` two-bit
    /// entries per length (32 KiB), bit 0 when a key is exactly that, bit 1 when a longer key
    /// starts so. A constant size, not one fitted to the list: the scan then computes an entry
    /// from constants alone, which for short word lists costs more than the memory saved.
    private var latinFlags = [UInt64](repeating: 0, count: longestLatinKey << (latinBits - 5))
    @inline(__always) static var latinBits: Int { 17 }
    /// Non-Latin keys: first characters, then single-character keys.
    private var firstWords = [UInt64](repeating: 0, count: 2 * wordsPerBitmap)
    /// Non-Latin keys: their first two characters, in two bitmaps indexed by different bits of
    /// one hash (`pairIndices`). A pair of ordinary text that passes the first (one in two
    /// hundred with 5,000 keys) rarely passes the second, which it reads only then: each one
    /// that passes both costs a walk of the automaton, far more than a read of the bitmap.
    private var pairWords = [UInt64](repeating: 0, count: 2 << (pairBits - 6))
    private var hasNonLatinSingles = false
    /// `Folding.lexiconASCII` for all 256 byte values (0 from 0x80 on), so that no byte can
    /// index past the table.
    private let asciiFolds: [UInt8] = (0..<256).map { $0 < 0x80 ? Folding.lexiconASCII[$0] : 0 }

    /// The entry of a Latin prefix of `length` (1…6) characters whose folded bytes, packed
    /// little-endian, are `key`: its table's offset plus Fibonacci hashing of the key.
    @inline(__always) static func latinEntry(_ key: UInt64, length: Int) -> Int {
        (length &- 1) &<< latinBits | Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) &>> UInt64(64 &- latinBits))
    }
    /// Non-Latin keys' characters are looked up by their UTF-8 bytes packed little-endian into
    /// one word (a pair of ideographs is then one 6-byte load from the text, with no decoding),
    /// hashed to `bits` bits.
    /// Shifted up by two bytes first, so that an eight-byte load from the text drops its last two
    /// bytes in the same shift (a pair of four-byte characters loses its last two bytes too, which
    /// only makes it share bits with more pairs: the tables are filled through the same function).
    @inline(__always) static func packedIndex(_ packed: UInt64, bits: Int) -> Int {
        Int(truncatingIfNeeded: ((packed &<< 16) &* 0x9E37_79B9_7F4A_7C15) &>> UInt64(truncatingIfNeeded: 64 &- bits))
    }
    /// A pair's bits in the first and in the second pair bitmap: the top `pairBits` bits of its
    /// hash, and the `pairBits` below them.
    @inline(__always) static func pairIndices(_ packed: UInt64) -> (Int, Int) {
        let hash = (packed &<< 16) &* 0x9E37_79B9_7F4A_7C15
        return (Int(truncatingIfNeeded: hash &>> UInt64(64 &- pairBits)),
                1 &<< pairBits | Int(truncatingIfNeeded: hash &>> UInt64(64 &- 2 &* pairBits)) & (1 &<< pairBits &- 1))
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
        for units in keys {
            guard let first = units.first else { continue }
            if first < 0x80 { insertLatin(units) } else { insertNonLatin(units) }
        }
    }

    /// A Latin key is the pattern's leading ASCII characters, six at most: where a kept
    /// character follows (`qq群`), the key ends before it, so the scan never packs one.
    private mutating func insertLatin(_ units: [UInt32]) {
        let keyLength = min(units.prefix { $0 < 0x80 }.count, Self.longestLatinKey)
        var key: UInt64 = 0
        for length in 1...keyLength {
            key |= UInt64(units[length - 1]) &<< UInt64(8 * (length - 1))
            let entry = Self.latinEntry(key, length: length)
            latinFlags[entry >> 5] |= (length == keyLength ? 1 : 2) << UInt64((entry & 31) * 2)
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
            let (first, second) = Self.pairIndices(pair)
            Self.insert(first, into: &pairWords, bitmap: 0)
            Self.insert(second, into: &pairWords, bitmap: 0)
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
        asciiFolds.withUnsafeBufferPointer { asciiTable in
            latinFlags.withUnsafeBufferPointer { latinFlags in
                    firstWords.withUnsafeBufferPointer { firstWords in

                        pairWords.withUnsafeBufferPointer { pairWords in
                            let scanner = Scanner(text: base, count: text.count, ascii: asciiTable.baseAddress!,
                                                  latinFlags: latinFlags.baseAddress!,
                                                  firstWords: firstWords.baseAddress!, pairWords: pairWords.baseAddress!,
                                                  hasNonLatinSingles: hasNonLatinSingles)
                            scanner.run(candidate)
                        }
                    }
            }
        }
    }

    private struct Scanner {
        let text: UnsafePointer<UInt8>
        let count: Int
        /// `Folding.lexiconASCII`, 256 entries: folded ASCII byte, 0 for separators and non-ASCII.
        let ascii: UnsafePointer<UInt8>
        let latinFlags: UnsafePointer<UInt64>
        let firstWords: UnsafePointer<UInt64>
        let pairWords: UnsafePointer<UInt64>
        let hasNonLatinSingles: Bool

        /// Marks a scalar that folds to nothing.
        @inline(__always) static var skipped: UInt32 { .max }

        @inline(__always) static func bit(_ words: UnsafePointer<UInt64>, _ key: Int, _ bitmap: Int = 0) -> Bool {
            words[bitmap &* Prefilter.wordsPerBitmap &+ key &>> 6] & (1 &<< UInt64(key & 63)) != 0
        }

        /// The flag bits of the Latin prefix of `length` characters packed into `key`.
        @inline(__always) func latinFlags(_ key: UInt64, length: Int) -> UInt64 {
            let entry = Prefilter.latinEntry(key, length: length)
            return latinFlags[entry &>> 5] &>> UInt64((entry & 31) &* 2) & 3
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
            let (first, second) = Prefilter.pairIndices(pair)
            return Self.bit(pairWords, first) && Self.bit(pairWords, second)
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
                    if !previousIsWord, !checkStart(at: index, first: UInt32(folded), after: index &+ 1, candidate) { return }
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
            var start = index
            while true {
                start = hasNonLatinSingles ? start : nextFirstPairHit(from: start)
                // While the next character is an ideograph too and an eight-byte load from
                // `start` stays inside the text, the pair is the load's first six bytes.
                guard start &+ 8 <= count, text[start &+ 3] &- 0xE4 < 6 else { break }
                let bytes = UInt64(littleEndian: UnsafeRawPointer(text + start).loadUnaligned(as: UInt64.self))
                if isPair(bytes) || isSingle(bytes & 0xFF_FFFF) {
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

        /// The first ideograph from `start` on whose pair with the next one is in the first pair
        /// bitmap, or the run's last ideograph (or the last one an eight-byte load can read).
        /// Nothing is called in the loop, so that everything it reads stays in registers.
        @inline(__always)
        func nextFirstPairHit(from begin: Int) -> Int {
            let text = self.text, limit = count &- 8, pairWords = self.pairWords
            var start = begin
            while start <= limit, text[start &+ 3] &- 0xE4 < 6 {
                let bytes = UInt64(littleEndian: UnsafeRawPointer(text + start).loadUnaligned(as: UInt64.self))
                let first = Prefilter.pairIndices(bytes).0
                if pairWords[first &>> 6] & (1 &<< UInt64(first & 63)) != 0 { return start }
                start &+= 3
            }
            return start
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
            while index < count, text[index] < 0x80, ascii[Int(text[index])] != 0 { index &+= 1 }
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
            let inside: UInt64 = 1 &<< UInt64(truncatingIfNeeded: length) &- 1
            let alphanumeric = UInt64(classes.alphanumeric) & inside
            let wordBytes = alphanumeric | UInt64(classes.underscore) & inside
            var starts = alphanumeric & ~(wordBytes &<< 1 | (previousIsWord ? 1 : 0))
            // Bytes that are not letters or digits: a word's length is the count of zeros up to
            // the first one. Classifying the next sixteen bytes too (again when their turn comes)
            // makes it exact for every word that starts here: cheaper than finding, word by
            // word, whether one runs past these sixteen, and then how far. Two loops rather than
            // one with the window's width as a variable: with `exact` a constant, the wide loop
            // loses the eight-byte fallback (one loop cost 7 % more instructions per corpus scan).
            if index &+ 32 <= count {
                let stops = ~(UInt64(classes.alphanumeric) | UInt64(guardrails_classify16(text + (index &+ 16)).alphanumeric) &<< 16)
                while starts != 0 {
                    let offset = starts.trailingZeroBitCount
                    let run = (stops &>> UInt64(truncatingIfNeeded: offset)).trailingZeroBitCount
                    if !checkWord(at: index &+ offset, length: run, exact: true, candidate) { return false }
                    starts &= starts &- 1
                }
            } else {
                // Near the end of the text, as if all bytes after these sixteen were letters.
                let stops = ~UInt64(classes.alphanumeric)
                while starts != 0 {
                    let offset = starts.trailingZeroBitCount
                    let run = (stops &>> UInt64(truncatingIfNeeded: offset)).trailingZeroBitCount
                    if !checkWord(at: index &+ offset, length: run, exact: run < 16 &- offset, candidate) { return false }
                    starts &= starts &- 1
                }
            }
            previousIsWord = wordBytes &>> UInt64(truncatingIfNeeded: length &- 1) & 1 != 0
            index &+= length
            return true
        }

        /// `checkStart` for a word start: `length` letters and digits from `start`, or at least
        /// that many when not `exact`. The word's first six folded bytes are one load, masked to
        /// its length, and one table read: a Latin key (letters and digits only up to its sixth
        /// character) found in a longer word would end inside it, where no pattern may end.
        /// Only a word shorter than six that starts some key is followed past its end.
        @inline(__always)
        func checkWord(at start: Int, length run: Int, exact: Bool, _ candidate: (Int) -> Bool) -> Bool {
            guard start &+ 8 <= count else { return checkStart(at: start, first: UInt32(text[start] | 0x20), after: start &+ 1, candidate) }
            let bytes = UInt64(littleEndian: UnsafeRawPointer(text + start).loadUnaligned(as: UInt64.self))
            // Past the end of the sixteen bytes, the word's length comes from the load itself.
            let wordLength = exact || run >= Prefilter.longestLatinKey ? run : Self.nonAlphanumeric(bytes).trailingZeroBitCount &>> 3
            let length = min(wordLength, Prefilter.longestLatinKey)
            // Letters lower-cased; digits have the 0x20 bit already.
            let key = (bytes | 0x2020_2020_2020_2020) & (UInt64.max &>> UInt64(truncatingIfNeeded: 64 &- 8 &* length))
            return followKey(key, length: length, from: start, next: start &+ length, candidate)
        }

        /// Checks the Latin prefix `key` of `length` characters at `start` and, while it is only
        /// the start of some longer key, extends it by the folded characters from `next`; calls
        /// `candidate` when it reaches a whole key. False when `candidate` asked to stop.
        @inline(__always)
        func followKey(_ prefix: UInt64, length prefixLength: Int, from start: Int, next: Int, _ candidate: (Int) -> Bool) -> Bool {
            var key = prefix
            var length = prefixLength
            var flags = latinFlags(key, length: length)
            var position = next
            while flags & 1 == 0 {
                guard flags & 2 != 0, length < Prefilter.longestLatinKey else { return true }
                // Keys end before kept characters; `skipped` is not ASCII either.
                let unit = nextUnit(&position)
                guard unit < 0x80 else { return true }
                key |= UInt64(unit) &<< UInt64(truncatingIfNeeded: 8 &* length)
                length &+= 1
                flags = latinFlags(key, length: length)
            }
            return candidate(start)
        }

        /// Whether some pattern's key starts at `start`, whose first folded character is `first`
        /// and whose next one begins at or after `after`; if so, calls `candidate`. False when
        /// `candidate` asked to stop.
        @inline(__always)
        func checkStart(at start: Int, first: UInt32, after: Int, _ candidate: (Int) -> Bool) -> Bool {
            guard first < 0x80 else {
                var position = after
                let (packed, length) = Prefilter.packed(first)
                var matches = isSingle(packed)
                if isFirst(packed) {
                    let next = nextUnit(&position)
                    if next != Self.skipped, isPair(packed | Prefilter.packed(next).0 &<< UInt64(truncatingIfNeeded: 8 &* length)) { matches = true }
                }
                return !matches || candidate(start)
            }
            return followKey(UInt64(first), length: 1, from: start, next: after, candidate)
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
