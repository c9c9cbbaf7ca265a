/// One JSON value of a parsed document, stored flat in the tape (`TapeStorage`).
///
/// Values are laid out in document order; an object's members follow it as key, value, key,
/// value, … and `next` jumps over a whole subtree, so walking siblings never recurses. Strings
/// and numbers are not converted here: they point back into the input bytes and are converted
/// only when a Decodable asks for them, as the type it asks for.
struct TapeNode: Sendable {
    enum Kind: UInt8, Sendable {
        case null, `false`, `true`, number, string, array, object
    }

    /// Bits of `flags`.
    static let escaped: UInt8 = 1        // string: contains a backslash escape
    static let nonASCII: UInt8 = 2       // string: contains a byte >= 0x80
    static let plainInteger: UInt8 = 4   // number: no fraction and no exponent
    static let mayRepeatKeys: UInt8 = 8  // object: a key may occur twice (see TapeParser)

    /// Objects with more members than this are looked up through a hash index instead of a
    /// linear scan (and the parser stops checking them for repeated keys).
    static let largeObject = 32

    var kind: Kind
    var flags: UInt8
    /// Object: where the next key lookup starts, as an offset from the object's own index
    /// (0: at the first member). See `TapeDecoder.member(named:in:)`.
    var hint: UInt16 = 0
    /// Byte offset: string content (after the opening quote), number text, or the bracket.
    var start: UInt32
    /// Byte length of a string's raw content or of a number's text; member or element count of
    /// an object or array.
    var length: UInt32
    /// Tape index just past this value's subtree.
    var next: UInt32

    init(kind: Kind, flags: UInt8 = 0, start: Int, length: Int, next: Int) {
        self.kind = kind
        self.flags = flags
        self.start = UInt32(truncatingIfNeeded: start)
        self.length = UInt32(truncatingIfNeeded: length)
        self.next = UInt32(truncatingIfNeeded: next)
    }

    /// Whether this string is plain ASCII without escapes, so equal names have equal bytes.
    var isPlain: Bool { flags & (TapeNode.escaped | TapeNode.nonASCII) == 0 }

    /// Names the kind the way Foundation's errors do ("found a string instead").
    var foundDescription: String {
        switch kind {
        case .null: "null"
        case .false, .true: "bool"
        case .number: "number"
        case .string: "a string"
        case .array: "an array"
        case .object: "a dictionary"
        }
    }
}
