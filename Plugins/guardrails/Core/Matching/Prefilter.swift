/// Bitmaps of the first folded characters of every pattern (its key): one character for
/// one-character patterns, two for patterns led by a non-Latin character, up to six for
/// Latin-led ones (whose first letters are too common to filter much: with made-up terms, 9% of
/// English words start like some term over four letters, far fewer over six). For each length j
/// one bitmap holds the keys of exactly j characters and one the j-character prefixes of all
/// keys, so a start position is given up at the first prefix no key has, usually after one or
/// two characters. Bitmaps of 2^18 bits (32 KiB each) stay in the second-level cache; a false
/// positive only costs a short walk of the trie.
struct Prefilter: Sendable {
    // Computed constants, not stored ones: a stored static is a lazily initialised global whose
    // every read in the scan loop goes through its initialisation check.
    @inline(__always) static var keyBits: Int { 18 }
    @inline(__always) static var longestLatinKey: Int { 6 }
    @inline(__always) private static var wordsPerBitmap: Int { 1 << (keyBits - 6) }

    /// Bitmap j-1 holds the keys of length j, bitmap `longestLatinKey` + j-1 the j-prefixes of all keys.
    private var words = [UInt64](repeating: 0, count: 2 * longestLatinKey * wordsPerBitmap)

    /// The running hash of a key: the previous characters' hash mixed with the next character.
    @inline(__always) static func extend(_ hash: UInt32, _ unit: UInt32) -> UInt32 { (hash ^ unit) &* 0x9E37_79B1 }
    @inline(__always) static func index(_ hash: UInt32) -> Int { Int(hash >> UInt32(32 - keyBits)) }

    /// `patterns` folded (`Folding.foldedBytes`, lexicon mode).
    init(_ patterns: [[UInt8]]) {
        for pattern in patterns {
            var units: [UInt32] = []
            pattern.withUnsafeBufferPointer { bytes in
                var index = 0
                while index < bytes.count {
                    let (value, length) = UTF8Scalar.decode(bytes, at: index)
                    units.append(value)
                    index += length
                }
            }
            let keyLength = units.isEmpty ? 0 : min(units.count, units[0] < 0x80 ? Self.longestLatinKey : 2)
            var hash: UInt32 = 0
            for length in stride(from: 1, through: keyLength, by: 1) {
                hash = Self.extend(hash, units[length - 1])
                insert(Self.index(hash), into: Self.longestLatinKey + length - 1)
            }
            if keyLength > 0 { insert(Self.index(hash), into: keyLength - 1) }
        }
    }

    private mutating func insert(_ key: Int, into bitmap: Int) {
        words[bitmap * Self.wordsPerBitmap + key >> 6] |= 1 << UInt64(key & 63)
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
            words.withUnsafeBufferPointer { bitmapWords in
                let scanner = Scanner(text: base, count: text.count, ascii: asciiTable.baseAddress!, words: bitmapWords.baseAddress!)
                scanner.run(candidate)
            }
        }
    }

    private struct Scanner {
        let text: UnsafePointer<UInt8>
        let count: Int
        /// `Folding.lexiconASCII`: folded ASCII byte, 0 for separators.
        let ascii: UnsafePointer<UInt8>
        let words: UnsafePointer<UInt64>

        /// Marks a scalar that folds to nothing.
        @inline(__always) static var skipped: UInt32 { .max }

        @inline(__always) func contains(_ key: Int, _ bitmap: Int) -> Bool {
            words[bitmap &* Prefilter.wordsPerBitmap &+ key &>> 6] & (1 &<< UInt64(key & 63)) != 0
        }

        func run(_ candidate: (Int) -> Bool) {
            var index = 0
            var previousIsWord = false
            while index < count {
                let byte = text[index]
                if byte < 0x80 {
                    let folded = ascii[Int(byte)]
                    if folded == 0 {
                        previousIsWord = byte == UInt8(ascii: "_")
                        index &+= 1
                        continue
                    }
                    if !previousIsWord, !checkStart(at: index, first: UInt32(folded), after: index &+ 1, candidate) { return }
                    // The rest of the word cannot start a Latin pattern.
                    index &+= 1
                    while index < count {
                        let next = text[index]
                        if next >= 0x80 || ascii[Int(next)] == 0 { break }
                        index &+= 1
                    }
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
            var unit = ideograph(at: index)
            index &+= 3
            while true {
                let hash = Prefilter.extend(0, unit)
                var matches = contains(Prefilter.index(hash), 0)
                guard index &+ 2 < count, text[index] &- 0xE4 < 6 else {
                    // The last ideograph's pair may be finished by a character after separators.
                    var position = index
                    let next = nextUnit(&position)
                    if next != Self.skipped, contains(Prefilter.index(Prefilter.extend(hash, next)), 1) { matches = true }
                    return !matches || candidate(start)
                }
                let next = ideograph(at: index)
                if contains(Prefilter.index(Prefilter.extend(hash, next)), 1) { matches = true }
                if matches, !candidate(start) { return false }
                start = index
                unit = next
                index &+= 3
            }
        }

        @inline(__always) func ideograph(at index: Int) -> UInt32 {
            UInt32(text[index] & 0x0F) << 12 | UInt32(text[index &+ 1] & 0x3F) << 6 | UInt32(text[index &+ 2] & 0x3F)
        }

        /// Whether some pattern's key starts at `start`, whose first folded character is `first`
        /// and whose next one begins at or after `after`; if so, calls `candidate`. False when
        /// `candidate` asked to stop.
        @inline(__always)
        func checkStart(at start: Int, first: UInt32, after: Int, _ candidate: (Int) -> Bool) -> Bool {
            let longest = first < 0x80 ? Prefilter.longestLatinKey : 2
            var hash = Prefilter.extend(0, first)
            var position = after
            var length = 1
            var matches = false
            while true {
                let key = Prefilter.index(hash)
                if contains(key, length - 1) { matches = true }
                guard length < longest, contains(key, Prefilter.longestLatinKey + length - 1) else { break }
                let unit = nextUnit(&position)
                guard unit != Self.skipped else { break }
                hash = Prefilter.extend(hash, unit)
                length += 1
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
            switch Folding.fold(value, .lexicon) {
            case .skip: return (Self.skipped, length)
            case .ascii(let folded): return (UInt32(folded), length)
            case .keep: return (value, length)
            }
        }
    }
}
