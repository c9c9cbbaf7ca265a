@testable import CostCore
import XCTest

final class PriceCatalogueTests: XCTestCase {
    let catalogue = PriceCatalogue(BuiltinPrices.prices)
    let today = Day(iso: "2026-11-20")!

    func testEveryBuiltinRowParses() {
        XCTAssertEqual(BuiltinPrices.prices.count, BuiltinPrices.rows.count)
        let providers = Set(BuiltinPrices.prices.map(\.provider))
        XCTAssertEqual(providers, ["openai", "azure", "anthropic", "gemini"])
    }

    func testResolvesProviderSpellingsToLiteLLMStyleKeys() throws {
        XCTAssertEqual(try catalogue.price(provider: "openai", model: "gpt-4o", on: today).key, "gpt-4o")
        XCTAssertEqual(try catalogue.price(provider: "azure", model: "gpt-4o", on: today).key, "azure/gpt-4o")
        XCTAssertEqual(try catalogue.price(provider: "azure_openai", model: "gpt-4o-mini", on: today).key, "azure/gpt-4o-mini")
        XCTAssertEqual(try catalogue.price(provider: "gemini", model: "gemini-2.5-pro", on: today).key, "gemini/gemini-2.5-pro")
        XCTAssertEqual(try catalogue.price(provider: "google", model: "gemini-2.5-pro", on: today).key, "gemini/gemini-2.5-pro")
        XCTAssertEqual(try catalogue.price(provider: nil, model: "azure/gpt-4o", on: today).key, "azure/gpt-4o")
        XCTAssertEqual(try catalogue.price(provider: "anthropic", model: "claude-sonnet-4-5", on: today).key, "claude-sonnet-4-5")
    }

    func testPicksThePriceEffectiveOnTheDay() throws {
        let before = try catalogue.price(provider: "openai", model: "gpt-4o", on: Day(iso: "2024-06-01")!)
        XCTAssertEqual(before.rates.input.description, "0.000005")
        let after = try catalogue.price(provider: "openai", model: "gpt-4o", on: Day(iso: "2024-10-01")!)
        XCTAssertEqual(after.rates.input.description, "0.0000025")
        XCTAssertThrowsError(try catalogue.price(provider: "openai", model: "gpt-4o", on: Day(iso: "2024-01-01")!)) { error in
            XCTAssertEqual(error as? CostError, .noPriceEffective(model: "gpt-4o", day: Day(iso: "2024-01-01")!,
                                                                 earliest: Day(iso: "2024-05-13")!))
        }
    }

    func testUnknownModelNamesTheNearestKnownModels() {
        XCTAssertThrowsError(try catalogue.price(provider: "openai", model: "gpt-4o-mni", on: today)) { error in
            guard case .unknownModel(let model, _, let nearest) = error as? CostError else { return XCTFail("\(error)") }
            XCTAssertEqual(model, "gpt-4o-mni")
            XCTAssertEqual(nearest.first, "gpt-4o-mini")
            XCTAssertTrue("\(error)".contains("nearest known: gpt-4o-mini"), "\(error)")
        }
        XCTAssertThrowsError(try catalogue.price(provider: "openai", model: "claude-sonnet-4-5", on: today),
                             "a model of another provider is not silently used")
    }

    func testCostsInputCachedAndOutputTokensExactly() throws {
        let gpt4o = try catalogue.price(provider: "openai", model: "gpt-4o", on: today)
        // 800 × 2.5e-6 + 200 × 1.25e-6 + 500 × 1e-5
        XCTAssertEqual(gpt4o.cost(try TokenCounts(input: 1000, output: 500, cachedInput: 200)).description, "0.00725")
        let gemini = try catalogue.price(provider: "gemini", model: "gemini-2.5-pro", on: today)
        XCTAssertEqual(gemini.cost(try TokenCounts(input: 200_000, output: 1000)).description, "0.26")
        // Past 200k input tokens the whole request is billed at the higher rates.
        XCTAssertEqual(gemini.cost(try TokenCounts(input: 200_001, output: 1000)).description, "0.5150025")
    }

    func testRefusesNegativeAndAbsurdTokenCounts() {
        XCTAssertThrowsError(try TokenCounts(input: -1, output: 0)) { error in
            XCTAssertEqual(error as? CostError, .invalidField("input_tokens", "must not be negative, got -1"))
        }
        XCTAssertThrowsError(try TokenCounts(input: 10, output: 2_000_000_000)) { error in
            XCTAssertTrue("\(error)".contains("output_tokens: 2000000000 is absurd"), "\(error)")
        }
        XCTAssertThrowsError(try TokenCounts(input: 10, output: 0, cachedInput: 11)) { error in
            XCTAssertTrue("\(error)".contains("cached_input_tokens"), "\(error)")
        }
    }
}
