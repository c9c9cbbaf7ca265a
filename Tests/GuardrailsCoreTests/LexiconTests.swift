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
        XCTAssertEqual(matches(["中国", "国人", "中国人民", "人民银行"], in: "中国人民银行"),
                       ["中国@中国", "国人@国人", "中国人民@中国人民", "人民银行@人民银行"])
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
