import AIPluginKit
import CostCore

/// Records usage through the engine and publishes what it caused (`cost.budget.alert`,
/// `cost.anomaly`) after the transaction has committed, so no alert ever names a charge that
/// was rolled back.
struct EventPublisher: Sendable {
    let context: PluginContext
    let engine: CostEngine

    /// Records usage from `llm.usage` events: bad events are logged and skipped, unknown models kept unpriced.
    func record(_ batch: [UsageEvent]) {
        do {
            let result = try engine.ingest(batch, strict: false)
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
        } catch {
            context.log(.error, "llm.usage batch of \(batch.count) events not recorded: \(error)")
            context.reportHealth(.degraded, "ledger write failed: \(error)")
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
