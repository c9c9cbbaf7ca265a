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
        guard bytes.count >= header + 4, bytes[0..<4].elementsEqual("GJBC".utf8) else {
            throw fail("not a jailbreak classifier weights file (no GJBC header)")
        }
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

    /// The logit of `text` (positive side: jailbreak): the largest over its windows.
    public func logit(_ text: UnsafeBufferPointer<UInt8>) -> Double {
        weights.withUnsafeBufferPointer { table in
            withUnsafeTemporaryAllocation(of: Int8.self, capacity: HashedFeatures.window) { recent in
                var features = HashedFeatures(table: table, recent: recent)
                features.add(text)
                let (sum, count) = features.finish()
                var best = logit(sum: sum, count: count)
                for window in features.closedWindows { best = max(best, logit(sum: window, count: Int32(HashedFeatures.window))) }
                return best
            }
        }
    }

    private func logit(sum: Int32, count: Int32) -> Double {
        guard count > 0 else { return Double(bias) }
        return Double(bias) + Double(scale) * Double(sum) / Double(count).squareRoot()
    }

    /// A whole-text finding when the logit comes near the threshold.
    func finding(_ text: UnsafeBufferPointer<UInt8>) -> RawFinding? {
        let margin = logit(text) - Double(threshold)
        guard margin >= -Double(Self.reportMargin) else { return nil }
        let probability = 1 / (1 + exp(-margin))
        return .whole(.jailbreak, "learned_jailbreak", score: probability,
                      reason: "wording resembles published jailbreak prompts (learned classifier, \(source))")
    }

    static func fnv1a(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.reduce(HashedFeatures.offset) { ($0 ^ UInt32($1)) &* HashedFeatures.prime }
    }
}

/// The feature pass: one walk over the bytes, tokens hashed as they go, no allocation.
/// Tokens: runs of ASCII letters and digits (lower-cased) together with non-ASCII bytes outside
/// CJK; each CJK character (leads E3…E9, except U+3000…U+303F punctuation) alone; full-width forms
/// (lead EF), CJK punctuation and other ASCII bytes separate them. Buckets are summed in windows
/// of `window` (the last window being the last `window` buckets), so that a long text does not
/// dilute an attack inside it and a repeated word does not grow the logit without bound.
struct HashedFeatures {
    static let offset: UInt32 = 0x811C_9DC5
    static let prime: UInt32 = 0x0100_0193
    static let window = 1024

    let table: UnsafeBufferPointer<Int8>
    /// The weights of the last `window` buckets, by position modulo `window`.
    let recent: UnsafeMutableBufferPointer<Int8>
    private var sum: Int32 = 0
    private var total = 0
    private var previous: UInt32 = 0
    private var hasPrevious = false
    /// Sums of the full windows so far; only texts of over 1024 buckets (several KB) have any,
    /// so the array stays empty, without allocating, for ordinary prompts.
    private(set) var closedWindows: [Int32] = []

    init(table: UnsafeBufferPointer<Int8>, recent: UnsafeMutableBufferPointer<Int8>) {
        self.table = table
        self.recent = recent
    }

    /// The sum and count of the last window: the whole text when it has at most `window` buckets.
    mutating func finish() -> (sum: Int32, count: Int32) {
        if total > 0, total % Self.window == 0 { return (closedWindows.removeLast(), Int32(Self.window)) }
        if total < Self.window { return (sum, Int32(total)) }
        return (recent.reduce(0 as Int32) { $0 &+ Int32($1) }, Int32(Self.window))
    }

    @inline(__always)
    private mutating func count(_ bucket: UInt32) {
        let weight = table[Int(bucket & UInt32(table.count - 1))]
        recent[total & (Self.window - 1)] = weight
        sum &+= Int32(weight)
        total += 1
        if total & (Self.window - 1) == 0 {
            closedWindows.append(sum)
            sum = 0
        }
    }

    /// lowbias32, so that the bucket index cut from the low bits depends on all of them.
    @inline(__always)
    static func mix(_ value: UInt32) -> UInt32 {
        var x = value
        x ^= x >> 16
        x = x &* 0x7FEB_352D
        x ^= x >> 15
        x = x &* 0x846C_A68B
        x ^= x >> 16
        return x
    }

    @inline(__always)
    private mutating func emit(_ token: UInt32) {
        count(Self.mix(token))
        if hasPrevious { count(Self.mix((previous &* Self.prime) ^ token ^ 0x5BD1_E995)) }
        previous = token
        hasPrevious = true
    }

    mutating func add(_ text: UnsafeBufferPointer<UInt8>) {
        let n = text.count
        var word = Self.offset
        var inWord = false
        var index = 0
        while index < n {
            var byte = text[index]
            if byte < 0x80 {
                if byte &- 0x41 < 26 { byte |= 0x20 }
                if byte &- 0x61 < 26 || byte &- 0x30 < 10 {
                    word = (word ^ UInt32(byte)) &* Self.prime
                    inWord = true
                } else if inWord {
                    emit(word)
                    word = Self.offset
                    inWord = false
                }
                index += 1
            } else if byte &- 0xE3 < 7 || byte == 0xEF {
                if inWord {
                    emit(word)
                    word = Self.offset
                    inWord = false
                }
                if byte != 0xEF, !(byte == 0xE3 && index + 1 < n && text[index + 1] == 0x80), index + 2 < n {
                    var character = (Self.offset ^ UInt32(byte)) &* Self.prime
                    character = (character ^ UInt32(text[index + 1])) &* Self.prime
                    emit((character ^ UInt32(text[index + 2])) &* Self.prime)
                }
                index += 3
            } else {
                word = (word ^ UInt32(byte)) &* Self.prime
                inWord = true
                index += 1
            }
        }
        if inWord { emit(word) }
    }
}
