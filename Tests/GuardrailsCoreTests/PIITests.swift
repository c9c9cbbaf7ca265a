@testable import GuardrailsCore
import XCTest

/// Personal data and secrets: structure and checksums decide, context words raise the score.
final class PIITests: XCTestCase {
    private func categories(_ text: String) throws -> [String] { try Fixture.categories(.pii, in: text) }

    func testChecksums() {
        XCTAssertTrue(Checksums.luhn(Array("4539148803436467".utf8)))
        XCTAssertFalse(Checksums.luhn(Array("4539148803436468".utf8)))
        XCTAssertTrue(Checksums.chineseResidentID(Array("11010519491231002X".utf8)))
        XCTAssertFalse(Checksums.chineseResidentID(Array("110105194912310021".utf8)))
        XCTAssertTrue(Checksums.iban(Array("GB82WEST12345698765432".utf8)))
        XCTAssertFalse(Checksums.iban(Array("GB82WEST12345698765433".utf8)))
    }

    func testContactDetailsInEnglishAndChinese() throws {
        XCTAssertEqual(try categories("mail john.doe@example.com now"), ["email"])
        XCTAssertEqual(try categories("手机号13812345678，请回电"), ["phone_cn_mobile"])
        XCTAssertEqual(try categories("电话：+86 139 1234 5678"), ["phone_cn_mobile"])
        XCTAssertEqual(try categories("London +44 20 7946 0958"), ["phone_e164"])
        XCTAssertEqual(try categories("office (415) 555-2671"), ["phone_nanp"])
    }

    func testIdentityNumbersNeedValidChecksums() throws {
        XCTAssertEqual(try categories("身份证号 11010519491231002X"), ["cn_resident_id"])
        XCTAssertEqual(try categories("身份证号 110105194912310021"), [])
        XCTAssertEqual(try categories("SSN 078-05-1120"), ["us_ssn"])
        XCTAssertEqual(try categories("code 666-05-1120"), [])
        XCTAssertEqual(try categories("passport number: E12345678"), ["passport"])
        XCTAssertEqual(try categories("serial E12345678"), [])
    }

    func testCardsAndAccounts() throws {
        XCTAssertEqual(try categories("card 4539 1488 0343 6467 exp 09/27"), ["credit_card"])
        XCTAssertEqual(try categories("order 4539 1488 0343 6468"), [])
        XCTAssertEqual(try categories("银行卡 6222021234567890128"), Checksums.luhn(Array("6222021234567890128".utf8)) ? ["bank_card"] : [])
        XCTAssertEqual(try categories("IBAN GB82 WEST 1234 5698 7654 32."), ["iban"])
        XCTAssertEqual(try categories("DE89370400440532013000"), ["iban"])
        XCTAssertEqual(try categories("DE89370400440532013001"), [])
    }

    func testAddresses() throws {
        XCTAssertEqual(try categories("host 192.168.10.25 is down"), ["ipv4"])
        XCTAssertEqual(try categories("version 1.2.3 and 999.1.1.1"), [])
        XCTAssertEqual(try categories("ssh 2001:db8:85a3::8a2e:370:7334"), ["ipv6"])
        XCTAssertEqual(try categories("at 12:30:45 today"), [])
    }

    func testSecrets() throws {
        XCTAssertEqual(try categories("key AKIAIOSFODNN7EXAMPLE"), ["aws_access_key"])
        XCTAssertEqual(try categories("sk-proj-4fG7hJ2kL9mN3pQ8rS1tU6vW0xY5zA2bC7dE"), ["openai_api_key"])
        XCTAssertEqual(try categories("ghp_" + String(repeating: "aB3", count: 12)), ["github_token"])
        XCTAssertEqual(try categories("password=Summer2024!x"), ["password"])
        XCTAssertEqual(try categories("密码：Abc12345!"), ["password"])
        XCTAssertEqual(try categories("The password must be at least 8 characters."), [])
        XCTAssertEqual(try categories("-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----"), ["private_key"])
        XCTAssertEqual(try categories("token Zx8kQ2mP9vL4wR7tY1nB6cJ3hF5"), ["high_entropy_secret"])
        XCTAssertEqual(try categories("commit 3f786850e387550fdab836ed7e6dc881de23001b"), [])
        XCTAssertEqual(try categories("getUserByIdAsyncHandlerFactory"), [])
    }

    func testContextWordsRaiseTheScore() throws {
        let plain = try Fixture.findings(.pii, in: "reach 13812345678").first!.score
        let context = try Fixture.findings(.pii, in: "手机 13812345678").first!.score
        XCTAssertGreaterThan(context, plain)
    }

    func testSpansCountBytesAndCharacters() throws {
        let span = try Fixture.findings(.pii, in: "邮箱：a@b.cn").first!.span!
        XCTAssertEqual([span.utf8Start, span.utf8End, span.characterStart, span.characterEnd], [9, 15, 3, 9])
    }
}
