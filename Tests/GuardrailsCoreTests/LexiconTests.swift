@testable import GuardrailsCore
import XCTest

/// The folding Aho-Corasick lexicon: one pass, evasion-resistant, word boundaries respected.
final class LexiconTests: XCTestCase {
    private func matches(_ terms: [String], in text: String, mode: FoldMode = .lexicon) -> [String] {
        let lexicon = Lexicon(terms.map { LexiconEntry(text: $0, role: .sensitive, category: "test", weight: 1, origin: "test") }, mode: mode)
        var text = text
        return text.withUTF8 { bytes in
            lexicon.hits(in: bytes).map { hit in
                lexicon.entries[Int(hit.entry)].text + "@" + String(decoding: bytes[hit.start..<hit.end], as: UTF8.self)
            }
        }
    }

    func testFindsOverlappingTermsInOnePass() {
        // In start order, then end order.
        XCTAssertEqual(matches(["中国", "国人", "中国人民", "人民银行"], in: "中国人民银行"),
                       ["中国@中国", "中国人民@中国人民", "国人@国人", "人民银行@人民银行"])
    }

    func testChineseTermsWithInsertedSeparatorsAndZeroWidthCharacters() {
        XCTAssertEqual(matches(["敏感词"], in: "这是敏*感 词吗"), ["敏感词@敏*感 词"])
        XCTAssertEqual(matches(["敏感词"], in: "敏\u{200B}感\u{200D}词"), ["敏感词@敏\u{200B}感\u{200D}词"])
        XCTAssertEqual(matches(["敏感词"], in: "敏，感。词"), ["敏感词@敏，感。词"])
    }

    func testCaseFullWidthAndHomoglyphFolding() {
        XCTAssertEqual(matches(["free money"], in: "ＦＲＥＥ ＭＯＮＥＹ now"), ["free money@ＦＲＥＥ ＭＯＮＥＹ"])
        XCTAssertEqual(matches(["paypal"], in: "log in to PаyPаl"), ["paypal@PаyPаl"]) // Cyrillic а
        XCTAssertEqual(matches(["idiot"], in: "you 𝐢𝐝𝐢𝐨𝐭"), ["idiot@𝐢𝐝𝐢𝐨𝐭"])
        XCTAssertEqual(matches(["cafe"], in: "CAFÉ"), ["cafe@CAFÉ"])
    }

    func testLetterSpacedWordsMatchButWordsRunTogetherDoNot() {
        XCTAssertEqual(matches(["idiot"], in: "what an i d i o t"), ["idiot@i d i o t"])
        XCTAssertEqual(matches(["idiot"], in: "i.d.i.o.t!"), ["idiot@i.d.i.o.t"])
        XCTAssertEqual(matches(["anal"], in: "an alternative"), [])
        XCTAssertEqual(matches(["anal"], in: "I am an al fan"), [])
    }

    func testLatinTermsRespectWordBoundaries() {
        XCTAssertEqual(matches(["ass"], in: "a class of grass"), [])
        XCTAssertEqual(matches(["ass"], in: "what an ass."), ["ass@ass"])
        XCTAssertEqual(matches(["ass"], in: "你是ass吗"), ["ass@ass"])
    }

    func testCodeModeKeepsPunctuationAndChecksPathEnds() {
        XCTAssertEqual(matches(["rm -rf /"], in: "run rm  -rf / now", mode: .code), ["rm -rf /@rm  -rf /"])
        XCTAssertEqual(matches(["rm -rf /"], in: "rm -rf /tmp/build", mode: .code), [])
        XCTAssertEqual(matches(["eval("], in: "medieval(x) and eval (y)", mode: .code), ["eval(@eval ("])
    }

    func testSpansPointAtTheOriginalBytes() {
        let lexicon = Lexicon([LexiconEntry(text: "敏感", role: .sensitive, category: "x", weight: 1, origin: "t")])
        var text = "ab 敏 感 cd"
        let hits = text.withUTF8 { lexicon.hits(in: $0) }
        XCTAssertEqual(hits.map(\.start), [3])
        XCTAssertEqual(hits.map(\.end), [10])
    }

    func testTenThousandTermsCompileAndMatch() {
        let terms = (0..<10_000).map { "term\($0)x" }
        let found = matches(terms, in: "a term42x and TERM9999X but not term42")
        XCTAssertEqual(found, ["term42x@term42x", "term9999x@TERM9999X"])
    }
}

/// The prefiltered scan must find exactly what the plain automaton scan finds.
final class PrefilterTests: XCTestCase {
    func testPrefilteredScanAgreesWithTheFullScan() {
        var generator = SystemRandomNumberGenerator()
        let pool = Array("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严")
        func word(_ length: Int) -> String { String((0..<length).map { _ in pool[Int.random(in: 0..<pool.count, using: &generator)] }) }
        func latin(_ length: Int) -> String { String((0..<length).map { _ in "abcdeiklmnoprstu0479".randomElement(using: &generator)! }) }
        var terms = (0..<300).map { _ in word(Int.random(in: 1...4, using: &generator)) }
        terms += (0..<300).map { _ in latin(Int.random(in: 3...8, using: &generator)) }
        // Latin keys continued by kept characters go through the hashed tables, not the direct ones.
        terms += ["free money", "a b", "x", "x中文", "ab中国", "q7", "9lives", "longwordlongword"]
        let lexicon = Lexicon(terms.map { LexiconEntry(text: $0, role: .sensitive, category: "t", weight: 1, origin: "test") })
        let separators = [" ", "*", "，", "\u{200B}", "-", "", "", "", "", "_", "Ａ", "а"]
        for _ in 0..<20 {
            var text = ""
            for _ in 0..<400 {
                let piece = Bool.random(using: &generator) ? word(Int.random(in: 1...6, using: &generator)) : latin(Int.random(in: 1...9, using: &generator))
                text += piece + separators.randomElement(using: &generator)!
                if Int.random(in: 0..<10, using: &generator) == 0 { text += terms.randomElement(using: &generator)!.uppercased() + " " }
            }
            let guarded = GuardedBytes(Array(text.utf8))
            let (fast, full) = guarded.with { (lexicon.count(in: $0), lexicon.countByFullScan(in: $0)) }
            XCTAssertEqual(fast, full, text)
            XCTAssertGreaterThan(full, 0)
        }
    }

    /// The scan reads sixteen ASCII bytes and pairs of ideographs eight bytes at a time; near the
    /// end of the text it goes byte by byte. Every cut of these texts must find what the plain
    /// scan finds, wherever the wide reads stop.
    func testEveryEndOfTheTextAgreesWithTheFullScan() {
        let terms = ["bacodu", "to tame", "x", "ab", "敏感词", "敏感", "中文", "代开发票", "q7", "longwordlong", "free money"]
        let lexicon = Lexicon(terms.map { LexiconEntry(text: $0, role: .sensitive, category: "t", weight: 1, origin: "test") })
        let texts = [
            "we went to tame a bacodu_x ab, x. 敏感词中文代开发票 q7 longwordlonger longwordlong free-money",
            "敏感词敏感词敏感中文敏感词敏感词中文 ab x ab敏感 BACODU 中文",
            "ab_ab x_x Ｘ ａｂ b\u{200B}acodu 敏*感 词 中 文 to  tame to-tame frее money",
            "xxxxxxxxxxxxxxxxab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab abx",
        ]
        for text in texts {
            let bytes = Array(text.utf8)
            var cut = 0
            while cut <= bytes.count {
                let prefix = GuardedBytes(Array(bytes[..<cut]))
                let (fast, full) = prefix.with { (lexicon.count(in: $0), lexicon.countByFullScan(in: $0)) }
                XCTAssertEqual(fast, full, prefix.with { String(decoding: $0, as: UTF8.self) })
                cut += 1
                while cut < bytes.count, bytes[cut] & 0xC0 == 0x80 { cut += 1 }
            }
            let total = bytes.withUnsafeBufferPointer { lexicon.countByFullScan(in: $0) }
            XCTAssertGreaterThan(total, 2, text)
        }
    }

    /// Code mode's candidates (word starts, punctuation and non-ASCII characters whose first two
    /// bytes some pattern may start with) must find what the automaton finds, folding included.
    func testCodePrefilterAgreesWithTheFullScan() {
        var generator = SystemRandomNumberGenerator()
        let lexicon = Lexicon(CodeSafetyLexicon.entries, mode: .code)
        let patterns = CodeSafetyLexicon.patterns.map(\.0)
        let pieces = ["the", "request", "evaluate", "x", "or", "1=1", "import os", "我们", "，", "\u{200B}", "ｅｖａｌ(", "еval(",
                      "\t", "\n", "  ", "_", "(", "'", "\"", "|", "-", ".", "$", "é", "EVAL (", "r m -rf /", "🙂"]
        for _ in 0..<40 {
            var text = ""
            for _ in 0..<300 {
                text += Int.random(in: 0..<4, using: &generator) == 0
                    ? (Bool.random(using: &generator) ? patterns.randomElement(using: &generator)!.uppercased() : patterns.randomElement(using: &generator)!)
                    : pieces.randomElement(using: &generator)!
                if Bool.random(using: &generator) { text += [" ", "", "x", "\n"].randomElement(using: &generator)! }
            }
            let guarded = GuardedBytes(Array(text.utf8))
            let (fast, full) = guarded.with { (lexicon.count(in: $0), lexicon.countByFullScan(in: $0)) }
            XCTAssertEqual(fast, full, text)
            XCTAssertGreaterThan(full, 0)
        }
        // Every cut of one text: the last sixteen bytes go through a padded copy.
        let bytes = Array("eval(input( x) | sh; curl a | bash\n' or 1=1-- rm -rf / yaml.load(f) os.system(".utf8)
        for cut in 0...bytes.count {
            let prefix = GuardedBytes(Array(bytes[..<cut]))
            let (fast, full) = prefix.with { (lexicon.count(in: $0), lexicon.countByFullScan(in: $0)) }
            XCTAssertEqual(fast, full, prefix.with { String(decoding: $0, as: UTF8.self) })
        }
        let hits = bytes.withUnsafeBufferPointer { lexicon.hits(in: $0) }
        XCTAssertEqual(hits.map(\.start), hits.map(\.start).sorted())
        XCTAssertTrue(hits.contains { lexicon.entries[Int($0.entry)].text == "eval(input(" && $0.start == 0 })
    }
}
