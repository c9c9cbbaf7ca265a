import Foundation

/// A learned jailbreak classifier: logistic regression over hashed word and CJK-character
/// unigrams and bigrams, trained by `Plugins/guardrails/Training/train-jailbreak-classifier.py`
/// (whose `jailbreak_features.py` computes the same features byte for byte).
///
/// It catches what the hand-weighted `JailbreakScorer` has no word class for (long role-play
/// set-ups, persona rules, "stay in character" boilerplate); the rule reports whichever of the
/// two is more confident. A text's logit is `bias + scale · Σ weight / √n` over its n unigram and
/// bigram buckets; the finding's score is the logistic of `logit − threshold`, so it reaches 0.5
/// exactly at the threshold chosen on validation data.
///
/// Weights file (little-endian): `GJBC`, version 1, bucket bits (8…24), two zero bytes, scale,
/// bias and threshold as Float32, 2^bits Int8 weights, FNV-1a (32 bits) of everything before it.
public struct JailbreakClassifier: Sendable {
    let weights: [Int8]
    private let byteClasses = HashedFeatures.byteClasses
    let scale: Float
    let bias: Float
    let threshold: Float
    /// Where the weights came from, for messages.
    public let source: String

    /// Logits this far below the threshold (score ≈ 0.3) are not reported, as for the scorer.
    static let reportMargin: Float = 0.85

    /// Parses a weights file; errors name `source` and say what is wrong.
    public init(bytes: [UInt8], source: String) throws(GuardrailsError) {
        func fail(_ reason: String) -> GuardrailsError { .invalidClassifier(file: source, reason: reason) }
        let header = 20
        guard bytes.count >= 4, bytes[0..<4].elementsEqual("GJBC".utf8) else {
            throw fail("not a jailbreak classifier weights file (no GJBC header)")
        }
        guard bytes.count >= header + 4 else { throw fail("\(bytes.count) bytes, too short for a weights file") }
        guard bytes[4] == 1 else { throw fail("weights file version \(bytes[4]) is not supported (expected 1)") }
        let bits = Int(bytes[5])
        guard (8...24).contains(bits) else { throw fail("bucket bits \(bits) out of range 8…24") }
        let expected = header + (1 << bits) + 4
        guard bytes.count == expected else {
            throw fail("\(bytes.count) bytes, expected \(expected) for \(1 << bits) buckets (truncated or padded)")
        }
        func word(_ offset: Int) -> UInt32 {
            (0..<4).reduce(0 as UInt32) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
        }
        guard word(expected - 4) == Self.fnv1a(bytes[0..<(expected - 4)]) else { throw fail("checksum mismatch (corrupt file)") }
        scale = Float(bitPattern: word(8))
        bias = Float(bitPattern: word(12))
        threshold = Float(bitPattern: word(16))
        guard scale.isFinite, scale > 0, bias.isFinite, threshold.isFinite else { throw fail("scale, bias or threshold is not a finite number") }
        weights = bytes[header..<(header + (1 << bits))].map { Int8(bitPattern: $0) }
        self.source = source
    }

    /// Reads a weights file; a missing or unreadable file is an error naming it.
    public init(path: String, displayName: String) throws(GuardrailsError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .invalidClassifier(file: displayName, reason: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")
        }
        try self.init(bytes: [UInt8](data), source: displayName)
    }

    /// The weights compiled into the plugin (`JailbreakClassifierWeights.swift`).
    public static let builtIn: Result<JailbreakClassifier, GuardrailsError> = {
        guard let data = Data(base64Encoded: JailbreakClassifierWeights.base64) else {
            return .failure(.invalidClassifier(file: JailbreakClassifierWeights.name, reason: "not valid base64"))
        }
        return Result { () throws(GuardrailsError) in try JailbreakClassifier(bytes: [UInt8](data), source: JailbreakClassifierWeights.name) }
    }()

    /// The model divides by √n, so on a few words one bucket decides: "hi" (the opening of many
    /// DAN prompts), "please continue" and 你是谁 scored as attacks. The published attacks it
    /// exists for (role-play set-ups, persona rules) are long, so a short text's evidence is
    /// shrunk as if it had `evidenceFeatures` features, and below `minimumFeatures` (about eight
    /// words or Chinese characters) it is left to the scorer alone. Both constants were chosen on
    /// evaluation batch 10 (short everyday messages) without changing held-out batch 8's recall.
    static let minimumFeatures: Int32 = 16
    static let evidenceFeatures: Int32 = 32

    /// The logit of `text` (positive side: jailbreak): the largest over its windows.
    public func logit(_ text: UnsafeBufferPointer<UInt8>) -> Double {
        scored(text).logit
    }

    /// The model's logit and the number of features it was computed from.
    func scored(_ text: UnsafeBufferPointer<UInt8>) -> (logit: Double, features: Int32) {
        weights.withUnsafeBufferPointer { table in
            byteClasses.withUnsafeBufferPointer { classes in
                var features = HashedFeatures(table: table)
                features.add(text, classes: classes)
                return (features.best { logit(sum: $0, count: $1) }, features.total)
            }
        }
    }

    /// The logit a finding is judged by: the model's, its evidence shrunk on short texts; nil
    /// below `minimumFeatures`.
    func decisionLogit(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        let (logit, features) = scored(text)
        guard features >= Self.minimumFeatures else { return nil }
        guard features < Self.evidenceFeatures else { return logit }
        let shrink = (Double(features) / Double(Self.evidenceFeatures)).squareRoot()
        return Double(bias) + (logit - Double(bias)) * shrink
    }

    private func logit(sum: Int32, count: Int32) -> Double {
        guard count > 0 else { return Double(bias) }
        return Double(bias) + Double(scale) * Double(sum) / Double(count).squareRoot()
    }

    /// A whole-text finding when the logit comes near the threshold.
    func finding(_ text: UnsafeBufferPointer<UInt8>) -> RawFinding? {
        guard let logit = decisionLogit(text) else { return nil }
        let margin = logit - Double(threshold)
        guard margin >= -Double(Self.reportMargin) else { return nil }
        let probability = 1 / (1 + exp(-margin))
        return .whole(.jailbreak, "learned_jailbreak", score: probability,
                      reason: "wording resembles published jailbreak prompts (learned classifier, \(source))")
    }

    /// FNV-1a, 32 bits: the weights file's checksum.
    static func fnv1a(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.reduce(0x811C_9DC5 as UInt32) { ($0 ^ UInt32($1)) &* 0x0100_0193 }
    }
}

/// The feature pass: one walk over the bytes, tokens hashed as they go, no allocation.
/// Tokens: runs of ASCII letters and digits (lower-cased) together with non-ASCII bytes outside
/// CJK; each CJK character (leads E3…E9, except U+3000…U+303F punctuation) alone; full-width forms
/// (lead EF), CJK punctuation and other ASCII bytes separate them. A word hashes by rotate-and-xor
/// per byte (a one-cycle dependency chain; the multiply comes once per token), a CJK character is
/// its three bytes, and a token, and its pair with the token before (the first with the text's
/// start), pick their buckets by Fibonacci hashing. Buckets are summed in windows of `window`, what
/// is left over joining the last full window, so that a long text does not dilute an attack
/// inside it and a repeated word does not grow the logit without bound.
struct HashedFeatures {
    // Computed, not stored: a stored static is a lazily initialised global checked on every read.
    @inline(__always) static var window: Int32 { 1024 }
    @inline(__always) static var golden: UInt32 { 0x9E37_79B1 }
    @inline(__always) static var pair: UInt32 { 0x85EB_CA6B }

    let table: UnsafeBufferPointer<Int8>
    private let shift: UInt32
    /// Sum and size of the window being filled.
    private var sum: Int32 = 0
    private var count: Int32 = 0
    /// The last full window's sum, and the largest sum of the full windows before it (all full
    /// windows have the same size, so the largest sum has the largest logit).
    private var lastFull: Int32?
    private var bestEarlierFull: Int32?
    private var previous: UInt32 = 0
    private var closedWindows: Int32 = 0
    /// Features added in all, across windows.
    var total: Int32 { closedWindows &* Self.window &+ count }

    init(table: UnsafeBufferPointer<Int8>) {
        self.table = table
        shift = UInt32(32 - table.count.trailingZeroBitCount)
    }

    /// The largest score of the windows worth scoring, `score(sum, count)`: the whole text when it
    /// is short; otherwise the best earlier full window and the last one with the remainder added.
    func best(_ score: (Int32, Int32) -> Double) -> Double {
        guard let lastFull else { return score(sum, count) }
        let last = score(lastFull &+ sum, Self.window + count)
        guard let bestEarlierFull else { return last }
        return max(last, score(bestEarlierFull, Self.window))
    }

    @inline(__always)
    private func weight(ofBucket hash: UInt32) -> Int32 {
        Int32(table[Int((hash &* Self.golden) >> shift)])
    }

    private mutating func closeWindow() {
        if let lastFull { bestEarlierFull = max(bestEarlierFull ?? lastFull, lastFull) }
        lastFull = sum
        sum = 0
        count = 0
        closedWindows &+= 1
    }

    /// A token and its pair with the one before: two features, added together. `window` is even,
    /// so a window never closes between the two, and one test per token finds its end.
    @inline(__always)
    private mutating func emit(_ token: UInt32) {
        sum &+= weight(ofBucket: token) &+ weight(ofBucket: (previous &* Self.pair) ^ token ^ 0x5BD1_E995)
        count &+= 2
        previous = token
        if count == Self.window { closeWindow() }
    }

    /// What each byte is to the tokeniser: 0 separates tokens, 1 starts a CJK character or a
    /// full-width form, anything else is the byte as it joins a word (ASCII letters lower-cased).
    static let byteClasses: [UInt8] = (0...255).map { (value: Int) -> UInt8 in
        switch value {
        case 0x41...0x5A: UInt8(value | 0x20)
        case 0x61...0x7A, 0x30...0x39: UInt8(value)
        case 0..<0x80: 0
        case 0xE3...0xE9, 0xEF: 1
        default: UInt8(value)
        }
    }

    /// `classes` is `byteClasses`, passed in so that the loop reads it through a plain pointer.
    mutating func add(_ text: UnsafeBufferPointer<UInt8>, classes: UnsafeBufferPointer<UInt8>) {
        let n = text.count
        var index = 0
        while index < n {
            let kind = classes[Int(text[index])]
            if kind > 1 {
                var word = UInt32(kind)
                index += 1
                while index < n {
                    let next = classes[Int(text[index])]
                    guard next > 1 else { break }
                    word = ((word << 5) | (word >> 27)) ^ UInt32(next)
                    index += 1
                }
                emit(word)
            } else if kind == 0 {
                index += 1
            } else {
                let lead = text[index]
                if lead != 0xEF, !(lead == 0xE3 && index + 1 < n && text[index + 1] == 0x80), index + 2 < n {
                    emit(0x0100_0000 | UInt32(lead) << 16 | UInt32(text[index + 1]) << 8 | UInt32(text[index + 2]))
                }
                index += 3
            }
        }
    }
}
