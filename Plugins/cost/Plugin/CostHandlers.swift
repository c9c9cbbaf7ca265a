import AIPluginKit
import CostCore
import Foundation

/// One handler per capability; each turns a `CostError` into the status a caller can act on.
struct CostHandlers: Sendable {
    let engine: CostEngine
    let queue: IngestQueue
    let events: EventPublisher

    var all: [String: CapabilityHandler] {
        [
            "cost.record": .json { (request: RecordRequest) in try mapped { try record(request) } },
            // No flush: the queued charges are added to the stored totals, so no check waits for a write.
            "cost.check": .json { (request: CheckRequest) -> CheckDecision in
                try mapped { try engine.check(request, pending: queue.pending) }
            },
            "cost.report": .raw { call in
                let request = try call.decode(ReportRequest.self)
                queue.flush()
                let report = try mapped { try engine.report(request) }
                switch request.format ?? "json" {
                case "json": return try Reply.json(report)
                case "csv": return .bytes(Array(report.csv.utf8), contentType: "text/csv; charset=utf-8")
                default: throw PluginError(.invalidArgument, "format: expected \"json\" or \"csv\", got \"\(request.format ?? "")\"")
                }
            },
            "cost.price": .json { (request: PriceRequest) in try mapped { try price(request) } },
            "cost.budgets.set": .json { (request: BudgetSetRequest) -> BudgetSetReply in
                try mapped {
                    if let id = request.remove {
                        try engine.removeBudget(id: id)
                        return BudgetSetReply(budget: nil, removed: id)
                    }
                    guard let budget = request.budget else { throw CostError.invalidField("scope", "missing budget") }
                    queue.flush()
                    return BudgetSetReply(budget: try engine.setBudget(budget), removed: nil)
                }
            },
            "cost.budgets.list": .json { (_: NoArguments) -> BudgetListReply in
                queue.flush()
                return BudgetListReply(budgets: try mapped { try engine.budgetStatuses() })
            },
            "cost.forecast": .json { (request: ForecastRequest) -> ForecastReply in
                queue.flush()
                return ForecastReply(forecasts: try mapped { try engine.forecast(budgetID: request.budgetID) },
                                     method: ForecastMethod.description)
            },
            "cost.suggestions": .json { (request: SuggestionsRequest) -> SuggestionsReply in
                queue.flush()
                let found = try mapped { try engine.suggestions(project: request.project) }
                var totals: [String: Money] = [:]
                for suggestion in found { totals[suggestion.currency, default: .zero] += suggestion.estimatedSaving }
                return SuggestionsReply(suggestions: found, windowDays: engine.suggestionWindowDays,
                                        totalEstimatedSaving: totals)
            },
            "cost.prices.import": .json { (request: PriceImportRequest) in try mapped { try importPrices(request) } },
        ]
    }

    private func record(_ request: RecordRequest) throws -> RecordBatchReply {
        let result = try engine.ingest(request.records, strict: true)
        events.publish(result)
        let results = zip(request.records, result.outcomes).map { RecordResult(requestID: $0.requestID, outcome: $1) }
        if !request.isBatch, case .rejected(let error) = result.outcomes.first { throw error }
        return RecordBatchReply(results: results, recorded: results.filter { $0.status == "recorded" }.count,
                                duplicates: results.filter { $0.status == "duplicate" }.count,
                                rejected: results.filter { $0.status == "rejected" }.count)
    }

    private func price(_ request: PriceRequest) throws -> PriceReply {
        let day = request.date ?? Day(unixMillis: CostEngine.currentMillis())
        let catalogue = engine.catalogue
        let price = try catalogue.price(provider: request.provider, model: request.model, on: day)
        var estimate: Money?
        if request.inputTokens != nil || request.outputTokens != nil {
            estimate = price.cost(try TokenCounts(input: request.inputTokens ?? 0, output: request.outputTokens ?? 0,
                                                  cachedInput: request.cachedInputTokens ?? 0))
        }
        let history = catalogue.history(of: price.key).map {
            PriceReply.HistoryEntry(effectiveFrom: $0.effectiveFrom, rates: $0.rates, source: $0.source)
        }
        return PriceReply(price: price, estimatedCost: estimate, history: history)
    }

    private func importPrices(_ request: PriceImportRequest) throws -> PriceImportReply {
        let bytes: [UInt8]
        let source: String
        switch (request.path, request.content) {
        case (let path?, nil):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CostError.invalidField("path", "cannot read \(path)")
            }
            bytes = Array(data)
            source = path
        case (nil, let content?):
            bytes = Array(content.utf8)
            source = "content"
        default:
            throw CostError.invalidField("path", "give exactly one of path or content")
        }
        let effectiveFrom = request.effectiveFrom ?? Day(unixMillis: CostEngine.currentMillis())
        let result = try engine.importPrices(bytes, source: source, effectiveFrom: effectiveFrom)
        return PriceImportReply(imported: result.prices.count, skipped: result.skipped.count, effectiveFrom: effectiveFrom,
                                catalogueModels: engine.catalogue.count,
                                skippedExamples: result.skipped.prefix(20).map { .init(model: $0.key, reason: $0.reason) })
    }
}

/// Runs `body`, turning Core errors into the ABI's statuses.
func mapped<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as CostError {
        switch error {
        case .invalidField, .malformedPriceFile: throw PluginError(.invalidArgument, error.description)
        case .unknownModel, .noPriceEffective, .notFound: throw PluginError(.notFound, error.description)
        case .storage: throw PluginError(.unavailable, error.description)
        }
    } catch let error as PluginError {
        throw error
    } catch {
        throw PluginError(.internal, "cost ledger: \(error)")
    }
}
