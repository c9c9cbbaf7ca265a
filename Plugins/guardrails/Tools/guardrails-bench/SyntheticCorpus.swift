/// Deterministic terms and corpus for the sensitive-word benchmark, shared with the Python
/// comparison through `--export`, so both sides scan exactly the same bytes for the same terms.
struct SyntheticCorpus {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// SplitMix64: tiny, fast, and the same on every platform.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// 3,500 common CJK ideographs (U+4E00…): the range everyday Chinese text draws from.
    mutating func ideograph() -> Character { Character(Unicode.Scalar(0x4E00 + UInt32(below(3500)))!) }

    mutating func latinWord(_ lengths: ClosedRange<Int>) -> String {
        let consonants = Array("bcdfghjklmnprstvwz"), vowels = Array("aeiou")
        let length = lengths.lowerBound + below(lengths.count)
        return String((0..<length).map { $0 % 2 == 0 ? consonants[below(consonants.count)] : vowels[below(vowels.count)] })
    }

    /// Half Chinese (2–4 ideographs), half English (one or two made-up words).
    mutating func terms(_ count: Int) -> [String] {
        var seen: Set<String> = []
        var terms: [String] = []
        while terms.count < count {
            let term = terms.count % 2 == 0
                ? String((0..<(2 + below(3))).map { _ in ideograph() })
                : (below(3) == 0 ? latinWord(4...7) + " " + latinWord(4...7) : latinWord(6...10))
            if seen.insert(term).inserted { terms.append(term) }
        }
        return terms
    }

    /// Everyday English words for the corpus: real text is mostly common words, which a term list
    /// of unusual words rarely matches.
    static let englishWords = """
        the of and to in is you that it he was for on are as with his they at be this have from or one had by word but not \
        what all were we when your can said there use an each which she do how their if will up other about out many then \
        them these so some her would make like him into time has look two more write go see number no way could people my \
        than first water been call who oil its now find long down day did get come made may part over new sound take only \
        little work know place year live me back give most very after thing our just name good sentence man think say great \
        where help through much before line right too mean old any same tell boy follow came want show also around form three \
        small set put end does another well large must big even such because turn here why ask went men read need land \
        different home us move try kind hand picture again change off play spell air away animal house point page letter \
        mother answer found study still learn should america world report meeting budget team plan review customer
        """.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\\" }).map(String.init)

    /// Alternating Chinese and English sentences with CJK and ASCII punctuation, one listed
    /// term about every 2 KB.
    mutating func corpus(bytes target: Int, terms: [String]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(target + 256)
        var sinceTerm = 0
        while output.count < target {
            var sentence = ""
            if below(2) == 0 {
                for _ in 0..<(8 + below(20)) { sentence.append(ideograph()) }
                sentence += below(4) == 0 ? "，" : ""
                for _ in 0..<(4 + below(10)) { sentence.append(ideograph()) }
                sentence += "。"
            } else {
                sentence = (0..<(6 + below(12))).map { _ in Self.englishWords[below(Self.englishWords.count)] }.joined(separator: " ")
                sentence = sentence.prefix(1).uppercased() + sentence.dropFirst() + (below(5) == 0 ? ", and so on. " : ". ")
            }
            sinceTerm += sentence.utf8.count
            if sinceTerm > 2048 {
                sentence += terms[below(terms.count)] + " "
                sinceTerm = 0
            }
            output += Array(sentence.utf8)
        }
        return Array(output.prefix(target))
    }
}
