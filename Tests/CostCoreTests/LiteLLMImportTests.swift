@testable import CostCore
import XCTest

final class LiteLLMImportTests: XCTestCase {
    let day = Day(iso: "2026-11-01")!

    func parse(_ text: String) throws -> PriceImport {
        try LiteLLMPriceFile.parse(Array(text.utf8), source: "prices.json", effectiveFrom: day)
    }

    func testImportsTokenPricesThresholdsAndRangeTables() throws {
        let result = try parse("""
            {
              "sample_spec": {"max_input_tokens": "max input tokens, if the provider specifies it"},
              "gpt-4o": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 2.5e-06,
                         "output_cost_per_token": 1e-05, "cache_read_input_token_cost": 1.25e-06,
                         "max_input_tokens": 128000, "max_output_tokens": 16384},
              "gemini/gemini-2.5-pro": {"litellm_provider": "gemini", "mode": "chat",
                         "input_cost_per_token": 1.25e-06, "output_cost_per_token": 1e-05,
                         "input_cost_per_token_above_200k_tokens": 2.5e-06,
                         "output_cost_per_token_above_200k_tokens": 1.5e-05},
              "dashscope/qwen-flash": {"litellm_provider": "dashscope", "mode": "chat",
                         "tiered_pricing": [{"input_cost_per_token": 5e-08, "output_cost_per_token": 4e-07, "range": [0, 256000.0]},
                                            {"input_cost_per_token": 2.5e-07, "output_cost_per_token": 2e-06, "range": [256000.0, 1000000.0]}]},
              "dall-e-3": {"litellm_provider": "openai", "mode": "image_generation", "output_cost_per_image": 0.04},
              "exa_ai/search": {"litellm_provider": "exa_ai", "mode": "search",
                         "tiered_pricing": [{"input_cost_per_query": 0.005, "max_results_range": [0, 25]}]},
              "vertex_ai/claude": {"litellm_provider": "vertex_ai-anthropic_models", "mode": "chat",
                         "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05}
            }
            """)
        XCTAssertEqual(result.prices.map(\.key), ["gpt-4o", "gemini/gemini-2.5-pro", "dashscope/qwen-flash", "vertex_ai/claude"])
        XCTAssertEqual(result.skipped.map(\.key), ["dall-e-3", "exa_ai/search"])
        let catalogue = PriceCatalogue(result.prices)
        let gpt = try catalogue.price(provider: "openai", model: "gpt-4o", on: day)
        XCTAssertEqual(gpt.effectiveFrom, day)
        XCTAssertEqual(gpt.maxInputTokens, 128_000)
        XCTAssertEqual(gpt.rates.cachedInput?.description, "0.00000125")
        let gemini = try catalogue.price(provider: "gemini", model: "gemini-2.5-pro", on: day)
        XCTAssertEqual(gemini.thresholds, [ThresholdRates(aboveInputTokens: 200_000, input: try Money(parsing: "2.5e-06"),
                                                          output: try Money(parsing: "1.5e-05"))])
        let qwen = try catalogue.price(provider: "dashscope", model: "qwen-flash", on: day)
        XCTAssertEqual(qwen.cost(try TokenCounts(input: 1000, output: 1000)).description, "0.00045")
        XCTAssertEqual(qwen.cost(try TokenCounts(input: 300_000, output: 1000)).description, "0.077")
        XCTAssertEqual(try catalogue.price(provider: "vertex_ai", model: "vertex_ai/claude", on: day).provider, "vertex_ai")
    }

    func testASyntaxErrorNamesItsLineAndColumn() {
        XCTAssertThrowsError(try parse("{\n  \"gpt-4o\": {\n    \"input_cost_per_token\": 2.5e-06,\n  }\n}")) { error in
            guard case .malformedPriceFile(let source, let line, let field, let reason) = error as? CostError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(source, "prices.json")
            XCTAssertEqual(line, 4)
            XCTAssertEqual(field, "column 3")
            XCTAssertTrue(reason.contains("not valid JSON"), reason)
        }
    }

    func testAFieldOfTheWrongTypeNamesLineAndField() {
        let text = """
            {
              "gpt-4o": {"litellm_provider": "openai", "mode": "chat",
                         "input_cost_per_token": 2.5e-06,
                         "output_cost_per_token": "ten dollars"}
            }
            """
        XCTAssertThrowsError(try parse(text)) { error in
            XCTAssertEqual(error as? CostError, .malformedPriceFile(
                source: "prices.json", line: 4, field: "gpt-4o.output_cost_per_token",
                reason: "expected a price per token (a number), found a string"))
            XCTAssertEqual("\(error)", "prices.json:4: gpt-4o.output_cost_per_token: expected a price per token (a number), found a string")
        }
        XCTAssertThrowsError(try parse(#"{"m": {"litellm_provider": "openai", "input_cost_per_token": -1e-06}}"#)) { error in
            XCTAssertTrue("\(error)".contains("m.input_cost_per_token: a price must not be negative"), "\(error)")
        }
        XCTAssertThrowsError(try parse(#"{"m": {"litellm_provider": 7, "input_cost_per_token": 1e-06}}"#)) { error in
            XCTAssertTrue("\(error)".contains("m.litellm_provider: expected a string"), "\(error)")
        }
        XCTAssertThrowsError(try parse(#"[1, 2]"#)) { error in
            XCTAssertTrue("\(error)".contains("expected an object of models"), "\(error)")
        }
        XCTAssertThrowsError(try parse(#"{"m": {"litellm_provider": "x", "input_cost_per_token": 1e-06, "tiered_pricing": [{"range": [0]}]}}"#)) { error in
            XCTAssertTrue("\(error)".contains("m.tiered_pricing[0].range"), "\(error)")
        }
    }
}
