/// How text is folded before matching, so that `ＦＲＥＥ`, `f r e e`, `fr\u{200B}ee` and `frее`
/// (Cyrillic е) all match the term `free`, and `敏*感 词` matches `敏感词`.
///
/// Patterns and text go through the same folding. A scalar folds to nothing (separators,
/// zero-width and format characters, combining marks, symbols, emoji), to one ASCII byte
/// (case folding, full-width forms, accented Latin letters, Greek and Cyrillic homoglyphs,
/// mathematical and circled letters), or stays as it is (CJK and everything else).
public enum FoldMode: Sendable {
    /// Terms and phrases: only letters, digits and kept scalars count; everything else is a
    /// separator that an evader may insert anywhere.
    case lexicon
    /// Code and commands: punctuation matters (`rm -rf /`, `| sh`, `eval(`), white space does not.
    case code
}

enum Folded: Equatable {
    case skip
    case ascii(UInt8)
    case keep
}

enum Folding {
    /// Folding of ASCII bytes; 0 means "skip".
    static func asciiTable(_ mode: FoldMode) -> [UInt8] {
        (0..<128).map { byte -> UInt8 in
            let value = UInt8(byte)
            switch value {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): return value | 0x20
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return value
            case 0x21...0x7E: return mode == .code ? value : 0
            default: return 0
            }
        }
    }

    static let lexiconASCII = asciiTable(.lexicon)
    static let codeASCII = asciiTable(.code)

    /// Lead bytes whose scalars may fold to something other than themselves; every other
    /// non-ASCII byte is matched as it is, without decoding.
    @inline(__always)
    static func needsDecoding(lead: UInt8) -> Bool {
        // C2 C3 CC-CF D0 D1 D3 D4 E1-E3 EF F0 F3 as bits of (lead - 0xC0): a shift instead of a
        // jump table, which cost a mispredicted indirect branch per character of Chinese text.
        lead >= 0xC0 && (decodingLeads >> UInt64(lead &- 0xC0)) & 1 != 0
    }

    /// C2 C3 CC CD CE CF D0 D1 D3 D4 E1 E2 E3 EF F0 F3, as bits of (lead - 0xC0); a literal, not
    /// a stored static, whose every read would go through a lazy-initialisation check.
    @inline(__always) private static var decodingLeads: UInt64 { 0x9_800E_001B_F00C }

    @inline(__always)
    static func fold(_ scalar: UInt32, _ mode: FoldMode) -> Folded {
        if scalar < 0x80 {
            let folded = (mode == .lexicon ? lexiconASCII : codeASCII)[Int(scalar)]
            return folded == 0 ? .skip : .ascii(folded)
        }
        return foldNonASCII(scalar, mode)
    }

    static func foldNonASCII(_ scalar: UInt32, _ mode: FoldMode) -> Folded {
        switch scalar {
        case 0x80...0xBF, 0xD7, 0xF7: return .skip
        case 0xC0...0xFF: return latin1Letter(scalar)
        case 0x0300...0x036F: return .skip
        case 0x0370...0x03FF: return homoglyph(scalar, greekHomoglyphs)
        case 0x0400...0x052F: return homoglyph(scalar, cyrillicHomoglyphs)
        case 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B...0x180E, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x3164, 0xFFA0:
            return .skip
        case 0x2018, 0x2019, 0x201B, 0x2032: return mode == .code ? .ascii(UInt8(ascii: "'")) : .skip
        case 0x201C, 0x201D, 0x201F, 0x2033: return mode == .code ? .ascii(UInt8(ascii: "\"")) : .skip
        case 0x2010...0x2015, 0x2212: return mode == .code ? .ascii(UInt8(ascii: "-")) : .skip
        case 0x2000...0x245F: return .skip
        case 0x2460...0x2468: return .ascii(UInt8(ascii: "1") + UInt8(scalar - 0x2460))
        case 0x24B6...0x24CF: return .ascii(UInt8(ascii: "a") + UInt8(scalar - 0x24B6))
        case 0x24D0...0x24E9: return .ascii(UInt8(ascii: "a") + UInt8(scalar - 0x24D0))
        case 0x2469...0x2BFF: return .skip
        case 0x2E00...0x2E7F: return .skip
        case 0x3000...0x303F: return .skip
        case 0xFE00...0xFE0F, 0xFE10...0xFE1F, 0xFE20...0xFE2F, 0xFE30...0xFE6F, 0xFEFF, 0xFFF0...0xFFFF: return .skip
        case 0xFF01...0xFF5E:
            let ascii = (mode == .lexicon ? lexiconASCII : codeASCII)[Int(scalar - 0xFEE0)]
            return ascii == 0 ? .skip : .ascii(ascii)
        case 0xFF5F...0xFF65: return .skip
        case 0x1D400...0x1D6A3:
            let offset = UInt8((scalar - 0x1D400) % 52)
            return .ascii(UInt8(ascii: "a") + (offset < 26 ? offset : offset - 26))
        case 0x1D7CE...0x1D7FF: return .ascii(UInt8(ascii: "0") + UInt8((scalar - 0x1D7CE) % 10))
        case 0x1F000...0x1FAFF, 0xE0000...0xE007F, 0xE0100...0xE01EF: return .skip
        default: return .keep
        }
    }

    /// À…ÿ without their accents; Þ, ß, þ and ð stay.
    private static let latin1Letters: [UInt8] = Array("aaaaaaaceeeeiiii\0nooooo\0ouuuuy\0\0aaaaaaaceeeeiiii\0nooooo\0ouuuuy\0y".utf8)

    private static func latin1Letter(_ scalar: UInt32) -> Folded {
        let letter = latin1Letters[Int(scalar - 0xC0)]
        return letter == 0 ? .keep : .ascii(letter)
    }

    private static func homoglyph(_ scalar: UInt32, _ table: [UInt32: UInt8]) -> Folded {
        table[scalar].map { .ascii($0) } ?? .keep
    }

    /// Greek letters that look like Latin ones.
    private static let greekHomoglyphs: [UInt32: UInt8] = letters([
        (0x391, "a"), (0x392, "b"), (0x395, "e"), (0x396, "z"), (0x397, "h"), (0x399, "i"), (0x39A, "k"),
        (0x39C, "m"), (0x39D, "n"), (0x39F, "o"), (0x3A1, "p"), (0x3A4, "t"), (0x3A5, "y"), (0x3A7, "x"),
        (0x3B1, "a"), (0x3B5, "e"), (0x3B9, "i"), (0x3BA, "k"), (0x3BD, "v"), (0x3BF, "o"), (0x3C1, "p"),
        (0x3C4, "t"), (0x3C5, "u"), (0x3C7, "x"),
    ])

    /// Cyrillic letters that look like Latin ones.
    private static let cyrillicHomoglyphs: [UInt32: UInt8] = letters([
        (0x405, "s"), (0x406, "i"), (0x408, "j"), (0x410, "a"), (0x412, "b"), (0x415, "e"), (0x41A, "k"),
        (0x41C, "m"), (0x41D, "h"), (0x41E, "o"), (0x420, "p"), (0x421, "c"), (0x422, "t"), (0x423, "y"),
        (0x425, "x"), (0x430, "a"), (0x435, "e"), (0x43E, "o"), (0x440, "p"), (0x441, "c"), (0x443, "y"),
        (0x445, "x"), (0x455, "s"), (0x456, "i"), (0x458, "j"), (0x4BB, "h"), (0x4CF, "l"), (0x501, "d"),
        (0x51B, "q"), (0x51D, "w"),
    ])

    private static func letters(_ pairs: [(UInt32, Unicode.Scalar)]) -> [UInt32: UInt8] {
        Dictionary(uniqueKeysWithValues: pairs.map { ($0.0, UInt8($0.1.value)) })
    }

    /// A pattern as the matcher sees it: its folded bytes.
    static func foldedBytes(of text: String, _ mode: FoldMode) -> [UInt8] {
        var output: [UInt8] = []
        for scalar in text.unicodeScalars {
            switch fold(scalar.value, mode) {
            case .skip: continue
            case .ascii(let byte): output.append(byte)
            case .keep: output.append(contentsOf: String(scalar).utf8)
            }
        }
        return output
    }

    /// How many folded bytes the scalar at `index` contributes, and its length in the text.
    @inline(__always)
    static func foldedLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, _ mode: FoldMode) -> (folded: Int, length: Int) {
        let (scalar, length) = UTF8Scalar.decode(bytes, at: index)
        switch fold(scalar, mode) {
        case .skip: return (0, length)
        case .ascii: return (1, length)
        case .keep: return (length, length)
        }
    }

    /// Whether the scalar at `index` folds to an ASCII letter, digit or underscore: part of a word.
    static func isWordScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let (scalar, _) = UTF8Scalar.decode(bytes, at: index)
        if scalar == UInt32(UInt8(ascii: "_")) { return true }
        guard case .ascii(let byte) = fold(scalar, .lexicon) else { return false }
        return byte != 0
    }
}
