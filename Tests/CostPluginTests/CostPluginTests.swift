import PluginTestKit
import XCTest

/// The cost plugin's real `.so`, loaded into an in-process host: events in, alerts out, checks
/// denied over a hard limit, replays not charged twice, and the bad inputs of issue 7.
final class CostPluginTests: XCTestCase {
    struct Usage: Codable, Sendable {
        var provider = "openai"
        var model = "gpt-4o"
        var input_tokens = 1000
        var output_tokens = 500
        var cached_input_tokens = 0
        var cost_usd: String?
        var latency_ms = 240
        var project = "alpha"
        var user = "ada"
        var tenant = "acme"
        var request_id: String
        var prompt: Prompt?
        struct Prompt: Codable, Sendable { let name: String; let version: Int }
    }
    struct BudgetBody: Encodable {
        let scope: String, subject: String, period: String, limit: String
        let soft_thresholds: [Int]
        let hard: Bool
    }
    struct Alert: Decodable { let budget_id: String; let threshold_percent: Int; let spent: String; let limit: String }
    struct Decision: Decodable {
        let allowed: Bool
        let estimated_cost: String?
        let denials: [Denial]
        struct Denial: Decodable { let budget_id: String; let reason: String }
    }
    struct Report: Decodable {
        let rows: [Row]
        let totals: [Row]
        struct Row: Decodable { let keys: [String: String]; let requests: Int; let cost: String }
    }
    struct RecordReply: Decodable {
        let results: [Result]
        let recorded: Int
        let duplicates: Int
        struct Result: Decodable { let request_id: String; let status: String; let cost: String?; let error: String? }
    }

    private func costHost() throws -> PluginTestHost {
        let host = try PluginTestHost()
        try host.load(BuiltPlugin.path(ofProduct: "CostPlugin"))
        return host
    }

    private func monthReport(_ host: PluginTestHost, groupBy: [String] = []) throws -> Report {
        try host.call("cost.report", ["group_by": groupBy], as: Report.self)
    }

    func testUsageEventsAreChargedOnceAndCrossBudgetThresholds() throws {
        let host = try costHost()
        _ = try host.call("cost.budgets.set", BudgetBody(scope: "project", subject: "alpha", period: "month", limit: "0.01",
                                                          soft_thresholds: [50, 100], hard: true), as: [String: AnyDecodable].self)
        try host.publish("llm.usage", json: Usage(request_id: "req-1"))   // 0.0075 of 0.01: 75 %
        let first = try host.waitForEvent(matching: "cost.budget.alert")
        XCTAssertEqual(first.source, "cost")
        let alert = try first.decode(Alert.self)
        XCTAssertEqual(alert.budget_id, "project:alpha:month")
        XCTAssertEqual(alert.threshold_percent, 50)
        XCTAssertEqual(alert.spent, "0.0075")

        try host.publish("llm.usage", json: Usage(request_id: "req-2"))   // 150 %
        let alerts = try host.waitForEvents(matching: "cost.budget.alert", count: 2)
        XCTAssertEqual(try alerts.map { try $0.decode(Alert.self).threshold_percent }, [50, 100])

        // A replayed event is not charged again and raises no alert.
        try host.publish("llm.usage", json: Usage(request_id: "req-2"))
        let report = try monthReport(host, groupBy: ["project"])
        XCTAssertEqual(report.totals.first?.requests, 2)
        XCTAssertEqual(report.totals.first?.cost, "0.015")
        XCTAssertEqual(try host.events(matching: "cost.budget.alert").count, 2)

        // The hard limit now denies the next request before it is sent.
        let decision = try host.call("cost.check", ["project": "alpha", "provider": "openai", "model": "gpt-4o"],
                                     as: Decision.self)
        XCTAssertFalse(decision.allowed)
        XCTAssertEqual(decision.denials.map(\.budget_id), ["project:alpha:month"])
        XCTAssertTrue(try host.call("cost.check", ["project": "beta"], as: Decision.self).allowed)
    }

    func testMalformedAndUnknownModelEventsKeepThePluginRunning() throws {
        let host = try costHost()
        try host.publish("llm.usage", bytes: Array("{not json".utf8), contentType: "application/json")
        try host.publish("llm.usage", json: ["model": "gpt-4o"])
        var negative = Usage(request_id: "neg")
        negative.input_tokens = -3
        try host.publish("llm.usage", json: negative)
        var unknown = Usage(request_id: "custom-1")
        unknown.model = "in-house-7b"
        unknown.provider = "selfhosted"
        unknown.cost_usd = "0.0123"
        try host.publish("llm.usage", json: unknown)
        try host.publish("llm.usage", json: Usage(request_id: "ok-1"))
        let report = try monthReport(host, groupBy: ["model"])
        XCTAssertEqual(report.rows.map { $0.keys["model"] ?? "" }, ["in-house-7b", "gpt-4o"])
        XCTAssertEqual(report.rows.map(\.cost), ["0.0123", "0.0075"])
    }

    /// The gateway's usual payload is read by the plugin's fast reader; every other valid shape
    /// (a string version, a fractional latency, an unknown field) through Codable. Both charge alike.
    func testUsageEventsOfEveryShapeAreCharged() throws {
        let host = try costHost()
        let common = #""provider": "openai", "model": "gpt-4o", "input_tokens": 1000, "output_tokens": 500"#
        let payloads = [
            #"{"# + common + #", "cached_input_tokens": 0, "latency_ms": 12, "request_id": "fast-1", "project": "alpha", "user": null, "prompt": {"name": "support", "version": 3}}"#,
            #"{"request_id": "fast-2", "project": "al\"pha\u00e9", "# + common + #", "tenant": "acme", "prompt_hash": "abc"}"#,
            #"{"# + common + #", "request_id": "slow-1", "project": "beta", "prompt": {"name": "support", "version": "3"}}"#,
            #"{"# + common + #", "request_id": "slow-2", "project": "beta", "latency_ms": 12.5}"#,
            #"{"# + common + #", "request_id": "slow-3", "project": "beta", "extension": [1, {"a": 2}]}"#,
        ]
        for payload in payloads {
            try host.publish("llm.usage", bytes: Array(payload.utf8), contentType: "application/json")
        }
        // Missing a required field: refused on either path.
        try host.publish("llm.usage", bytes: Array(#"{"provider": "openai", "model": "gpt-4o", "request_id": "bad"}"#.utf8),
                         contentType: "application/json")
        let report = try monthReport(host, groupBy: ["project"])
        let byProject = Dictionary(uniqueKeysWithValues: report.rows.map { ($0.keys["project"] ?? "", $0) })
        XCTAssertEqual(byProject.keys.sorted(), ["al\"pha\u{e9}", "alpha", "beta"])
        XCTAssertEqual(byProject["alpha"]?.requests, 1)
        XCTAssertEqual(byProject["alpha"]?.cost, "0.0075")
        XCTAssertEqual(byProject["beta"]?.requests, 3)
        XCTAssertEqual(report.totals.first?.requests, 5)
    }

    func testRecordIsIdempotentAndExplainsBadInput() throws {
        let host = try costHost()
        let first = try host.call("cost.record", Usage(request_id: "r-1"), as: RecordReply.self)
        XCTAssertEqual(first.results.first?.status, "recorded")
        XCTAssertEqual(first.results.first?.cost, "0.0075")
        let batch = try host.call("cost.record", ["records": [Usage(request_id: "r-1"), Usage(request_id: "r-2")]],
                                  as: RecordReply.self)
        XCTAssertEqual(batch.results.map(\.status), ["duplicate", "recorded"])

        var unknown = Usage(request_id: "r-3")
        unknown.model = "gpt-4o-mnii"
        XCTAssertThrowsError(try host.call("cost.record", unknown, as: RecordReply.self)) { error in
            XCTAssertEqual((error as? PluginTestError)?.status, .notFound)
            XCTAssertTrue("\(error)".contains("unknown model 'gpt-4o-mnii'"), "\(error)")
            XCTAssertTrue("\(error)".contains("nearest known: gpt-4o-mini"), "\(error)")
        }
        var absurd = Usage(request_id: "r-4")
        absurd.output_tokens = 900_000_000
        XCTAssertThrowsError(try host.call("cost.record", absurd, as: RecordReply.self)) { error in
            XCTAssertEqual((error as? PluginTestError)?.status, .invalidArgument)
            XCTAssertTrue("\(error)".contains("output_tokens"), "\(error)")
        }
        XCTAssertEqual(try monthReport(host).totals.first?.cost, "0.015")
    }

    func testPricesEstimatesAndImports() throws {
        let host = try costHost()
        struct Price: Decodable {
            let price: Entry
            let estimated_cost: String?
            struct Entry: Decodable { let model: String; let provider: String; let effective_from: String }
        }
        let azure = try host.call("cost.price", PriceQuery(model: "gpt-4o", provider: "azure", input_tokens: 1000,
                                                            output_tokens: 500), as: Price.self)
        XCTAssertEqual(azure.price.model, "azure/gpt-4o")
        XCTAssertEqual(azure.price.provider, "azure")
        XCTAssertEqual(azure.estimated_cost, "0.0075")
        let price = try host.call("cost.price", PriceQuery(model: "gemini-2.5-pro", provider: "gemini", input_tokens: 1000,
                                                            output_tokens: 100), as: Price.self)
        XCTAssertEqual(price.price.model, "gemini/gemini-2.5-pro")
        XCTAssertEqual(price.estimated_cost, "0.00225")
        XCTAssertThrowsError(try host.call("cost.price", ["model": "claude-sonet-4-5"], as: Price.self)) { error in
            XCTAssertEqual((error as? PluginTestError)?.status, .notFound)
            XCTAssertTrue("\(error)".contains("claude-sonnet-4-5"), "\(error)")
        }

        let malformed = "{\n  \"my-model\": {\n    \"litellm_provider\": \"openai\",\n    \"input_cost_per_token\": \"cheap\"\n  }\n}"
        XCTAssertThrowsError(try host.call("cost.prices.import", ["content": malformed], as: [String: AnyDecodable].self)) { error in
            XCTAssertEqual((error as? PluginTestError)?.status, .invalidArgument)
            XCTAssertTrue("\(error)".contains("content:4: my-model.input_cost_per_token"), "\(error)")
        }
        struct Imported: Decodable { let imported: Int; let skipped: Int }
        let file = #"{"my-model": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06}}"#
        XCTAssertEqual(try host.call("cost.prices.import", ["content": file], as: Imported.self).imported, 1)
        XCTAssertEqual(try host.call("cost.price", PriceQuery(model: "my-model", provider: "openai", input_tokens: 1000,
                                                               output_tokens: 1000), as: Price.self).estimated_cost, "0.003")
    }

    func testReportsExportCSVAndAnalysesAnswer() throws {
        let host = try costHost()
        for id in 0..<3 { _ = try host.call("cost.record", Usage(request_id: "c-\(id)"), as: RecordReply.self) }
        let csv = try host.callRaw("cost.report", body: Array(#"{"group_by": ["user"], "format": "csv"}"#.utf8))
        XCTAssertTrue(csv.isOK, csv.errorMessage)
        XCTAssertEqual(csv.contentType, "text/csv; charset=utf-8")
        XCTAssertEqual(csv.text, "user,currency,requests,unpriced_requests,input_tokens,cached_input_tokens,output_tokens,cost\r\n"
                       + "ada,USD,3,0,3000,0,1500,0.0225\r\n")
        let bad = try host.callRaw("cost.report", body: Array(#"{"format": "xml"}"#.utf8))
        XCTAssertEqual(bad.status, .invalidArgument)

        _ = try host.call("cost.budgets.set", BudgetBody(scope: "user", subject: "ada", period: "week", limit: "5",
                                                          soft_thresholds: [80], hard: false), as: [String: AnyDecodable].self)
        struct Budgets: Decodable { let budgets: [Status]; struct Status: Decodable { let id: String; let spent: String } }
        XCTAssertEqual(try host.call("cost.budgets.list", as: Budgets.self).budgets.map(\.spent), ["0.0225"])
        struct Forecasts: Decodable { let forecasts: [Forecast]; let method: String; struct Forecast: Decodable { let budget_id: String } }
        let forecasts = try host.call("cost.forecast", as: Forecasts.self)
        XCTAssertEqual(forecasts.forecasts.map(\.budget_id), ["user:ada:week"])
        XCTAssertTrue(forecasts.method.contains("least-squares"))
        struct Suggestions: Decodable { let suggestions: [Item]; struct Item: Decodable { let kind: String; let estimated_saving: String } }
        XCTAssertTrue(try host.call("cost.suggestions", as: Suggestions.self).suggestions.contains { $0.kind == "cheaper_model" })
        XCTAssertThrowsError(try host.call("cost.budgets.set", ["remove": "user:nobody:day"], as: [String: AnyDecodable].self)) { error in
            XCTAssertEqual((error as? PluginTestError)?.status, .notFound)
        }
    }

    func testConcurrentPublishersAreBatchedWithoutLosingOrDoublingACharge() throws {
        let host = try PluginTestHost(config: ["cost": #"{"max_batch": 64, "queue_capacity": 100}"#])
        try host.load(BuiltPlugin.path(ofProduct: "CostPlugin"))
        let failures = FailureCount()
        DispatchQueue.concurrentPerform(iterations: 4) { thread in
            for index in 0..<500 {
                // Every thread also replays the first thread's ids: each id must be charged once.
                let id = index % 2 == 0 ? "t0-\(index)" : "t\(thread)-\(index)"
                do { try host.publish("llm.usage", json: Usage(request_id: id)) } catch { failures.add() }
            }
        }
        XCTAssertEqual(failures.value, 0)
        let report = try monthReport(host)
        XCTAssertEqual(report.totals.first?.requests, 250 + 4 * 250)
        XCTAssertEqual(report.totals.first?.cost, "9.375")   // 1,250 × 0.0075
    }

    func testTheLedgerSurvivesARestartOfThePlugin() throws {
        let directory = NSTemporaryDirectory() + "cost-plugin-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let config: [String: any Encodable] = ["cost": ["database": directory + "/ledger.sqlite"]]
        do {
            let host = try PluginTestHost(config: config)
            try host.load(BuiltPlugin.path(ofProduct: "CostPlugin"))
            try host.publish("llm.usage", json: Usage(request_id: "keep-1"))
            XCTAssertEqual(try monthReport(host).totals.first?.requests, 1)
            try host.stop()
        }
        let host = try PluginTestHost(config: config)
        try host.load(BuiltPlugin.path(ofProduct: "CostPlugin"))
        try host.publish("llm.usage", json: Usage(request_id: "keep-1"))
        XCTAssertEqual(try monthReport(host).totals.first?.requests, 1, "the replay after a restart is recognised")
    }

    func testAFullLedgerAnswersUnavailableNamingTheFileAndKeepsServingReads() throws {
        let host = try PluginTestHost(config: ["cost": #"{"max_database_mb": 1}"#])
        try host.load(BuiltPlugin.path(ofProduct: "CostPlugin"))
        struct Batch: Encodable { let records: [Usage] }
        var refusal: PluginTestError?
        var batches = 0
        for number in 0..<100 where refusal == nil {
            let records = (0..<250).map { Usage(request_id: "b\(number)-\($0)-" + String(repeating: "x", count: 60)) }
            do {
                _ = try host.call("cost.record", Batch(records: records), as: RecordReply.self)
                batches += 1
            } catch let error as PluginTestError {
                refusal = error
            }
        }
        let error = try XCTUnwrap(refusal, "1 MiB should not hold 25,000 ledger rows")
        XCTAssertEqual(error.status, .unavailable)
        XCTAssertTrue(error.description.contains("cost.sqlite: database or disk is full"), error.description)
        // The refused batch left nothing behind. A usage event arriving now is stored if one row
        // still fits, else it waits in memory; either way the report answers instead of hanging.
        try host.publish("llm.usage", json: Usage(request_id: "while-full"))
        let stored = try XCTUnwrap(monthReport(host).totals.first?.requests)
        XCTAssertTrue([batches * 250, batches * 250 + 1].contains(stored), "\(stored) rows after \(batches) whole batches")
    }

    struct PriceQuery: Encodable {
        let model: String
        let provider: String
        let input_tokens: Int
        let output_tokens: Int
    }
}

final class FailureCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

/// Any JSON value, for replies whose shape a test does not inspect.
struct AnyDecodable: Decodable {
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { return }
        if (try? container.decode(Bool.self)) != nil { return }
        if (try? container.decode(String.self)) != nil { return }
        if (try? container.decode(Double.self)) != nil { return }
        if (try? container.decode([AnyDecodable].self)) != nil { return }
        _ = try container.decode([String: AnyDecodable].self)
    }
}
