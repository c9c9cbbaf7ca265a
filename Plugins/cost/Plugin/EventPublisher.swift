import AIPluginKit
import CostCore
import Synchronization

/// Records usage through the engine and publishes what it caused (`cost.budget.alert`,
/// `cost.anomaly`) after the transaction has committed, so no alert ever names a charge that
/// was rolled back.
struct EventPublisher: Sendable {
    let context: PluginContext
    let engine: CostEngine
    /// Set while the ledger refuses writes, so that the recovery is reported once.
    private let storeFailing = StoreFailing()

    init(context: PluginContext, engine: CostEngine) {
        self.context = context
        self.engine = engine
    }

    /// Records usage from `llm.usage` events: bad events are logged and skipped, unknown models
    /// kept unpriced. A batch the store refuses (disk full, read-only file) is handed back for a
    /// later attempt.
    func record(_ queued: IngestBatch) -> IngestQueue.BatchOutcome {
        let batch = queued.events
        do {
            let result = try engine.ingest(batch, strict: false, mark: queued.mark)
            for (event, outcome) in zip(batch, result.outcomes) {
                switch outcome {
                case .rejected(let error):
                    context.log(.warning, "llm.usage \(event.requestID) not recorded: \(error)")
                case .recorded(_, _, .unpriced, _):
                    let nearest = engine.catalogue.nearestKeys(to: event.model, provider: event.provider)
                    context.log(.warning, "llm.usage \(event.requestID): no price for model '\(event.model)' of '\(event.provider)' and no cost_usd; recorded unpriced (nearest known: \(nearest.joined(separator: ", ")))")
                default:
                    break
                }
            }
            publish(result)
            if storeFailing.flag.exchange(false, ordering: .relaxed) {
                context.log(.info, "the ledger takes writes again; the events kept while it could not are recorded")
                context.reportHealth(.ok, "ledger writable")
            }
            return .done
        } catch {
            context.log(.error, "llm.usage batch of \(batch.count) events not recorded yet (kept in memory, tried again): \(error)")
            if !storeFailing.flag.exchange(true, ordering: .relaxed) {
                context.reportHealth(.degraded, "ledger write failed, usage events kept in memory: \(error)")
            }
            return .retry
        }
    }

    func publish(_ result: IngestResult) {
        for alert in result.alerts {
            do {
                try context.publish("cost.budget.alert", json: alert)
            } catch {
                context.log(.error, "cannot publish cost.budget.alert for \(alert.budgetID): \(error)")
            }
        }
        for anomaly in result.anomalies {
            do {
                try context.publish("cost.anomaly", json: anomaly)
            } catch {
                context.log(.error, "cannot publish cost.anomaly for \(anomaly.scope.rawValue) \(anomaly.subject): \(error)")
            }
        }
    }
}

/// Whether the last ledger write failed.
final class StoreFailing: Sendable {
    let flag = Atomic<Bool>(false)
}
