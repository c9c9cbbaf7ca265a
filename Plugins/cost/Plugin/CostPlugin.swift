import AIPluginKit
import CostCore
import Foundation

/// The cost plugin: a priced ledger of LLM usage with budgets, forecasts, anomaly alerts,
/// optimisation suggestions and reports. Logic lives in CostCore; this is the ABI adapter.
public final class CostPlugin: AIPPlugin {
    public static let manifest = PluginManifest(
        name: "cost",
        version: "1.0.0",
        description: "LLM cost intelligence: priced usage ledger, budgets, forecasts, anomalies, suggestions, reports",
        threadSafe: true,
        provides: [
            .message("cost.record"), .message("cost.check"), .message("cost.report"), .message("cost.price"),
            .message("cost.budgets.set"), .message("cost.budgets.list"), .message("cost.forecast"),
            .message("cost.suggestions"), .message("cost.prices.import"),
        ],
        publishes: ["cost.budget.alert", "cost.anomaly"],
        subscribes: ["llm.usage"],
        configSchema: CostPluginConfig.schema)

    private let context: PluginContext
    private let engine: CostEngine
    private let queue: IngestQueue

    public init(context: PluginContext) throws {
        self.context = context
        let config = try context.config(CostPluginConfig.self)
        let path = config.database ?? (context.dataDirectory as NSString).appendingPathComponent("cost.sqlite")
        var settings = CostEngine.Settings()
        settings.anomaly = config.anomaly ?? AnomalySettings()
        settings.suggestions = config.suggestions ?? SuggestionSettings()
        settings.maxDatabaseBytes = config.maxDatabaseMB.map { Int64($0) * 1_048_576 }
        do {
            engine = try CostEngine(path: path, settings: settings)
        } catch {
            throw PluginError(.unavailable, "cannot open the cost ledger at \(path): \(error)")
        }
        let events = EventPublisher(context: context, engine: engine)
        queue = IngestQueue(maxBatch: config.maxBatch, capacity: config.queueCapacity, gatherWindow: IngestQueue.pluginGatherWindow) { batch in
            events.record(batch)
        }
        context.log(.info, "cost ledger at \(path); \(engine.catalogue.count) priced models, \(engine.budgets.count) budgets")
    }

    public func start() throws {
        queue.start()
        try context.subscribe("llm.usage") { [queue, context] message in
            do {
                var usage = try UsageEventReader.read(message.payload) ?? message.decode(UsageEvent.self)
                // The bus's timestamp is when the usage happened unless the event says otherwise.
                if usage.timestamp == nil { usage.timestamp = String(message.timestampNanos / 1_000_000) }
                queue.enqueue(usage)
            } catch {
                context.log(.warning, "llm.usage event \(message.sequence) from \(message.source) ignored: \(describe(error))")
            }
        }
    }

    public func stop() throws {
        let lost = queue.stop()
        if lost > 0 {
            context.log(.error, "stopped while the ledger refused writes: \(lost) llm.usage events could not be recorded")
        }
    }

    public var handlers: [String: CapabilityHandler] {
        CostHandlers(engine: engine, queue: queue, events: EventPublisher(context: context, engine: engine)).all
    }
}

/// A one-line reason for a payload that does not decode, naming the field.
func describe(_ error: any Error) -> String {
    guard let decoding = error as? DecodingError else { return "\(error)" }
    func path(_ context: DecodingError.Context) -> String {
        context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
    switch decoding {
    case .keyNotFound(let key, let context):
        let at = path(context)
        return "missing field '\(key.stringValue)'" + (at.isEmpty ? "" : " in \(at)")
    case .typeMismatch(let type, let context): return "field '\(path(context))' is not a \(type)"
    case .valueNotFound(let type, let context): return "field '\(path(context))' is null, expected \(type)"
    case .dataCorrupted(let context):
        let at = path(context)
        return at.isEmpty ? "not valid JSON" : "field '\(at)': \(context.debugDescription)"
    @unknown default: return "\(error)"
    }
}

@_cdecl("aip_plugin_entry")
public func aipPluginEntry() -> UnsafeRawPointer { PluginExport.descriptor(for: CostPlugin.self) }
