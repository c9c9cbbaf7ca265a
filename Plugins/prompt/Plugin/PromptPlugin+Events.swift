import AIPLocking
import AIPluginKit
import PromptCore

/// What became of the events the plugin received, so none disappears without a count.
final class EventCounters: Sendable {
    struct Counts: Encodable, Sendable {
        var usageRecorded = 0
        var usageDuplicate = 0
        var usageIgnored = 0
        var usageRejected = 0
        var feedbackRecorded = 0
        var feedbackDuplicate = 0
        var feedbackIgnored = 0
        var feedbackRejected = 0

        enum CodingKeys: String, CodingKey {
            case usageRecorded = "usage_recorded", usageDuplicate = "usage_duplicate", usageIgnored = "usage_ignored"
            case usageRejected = "usage_rejected", feedbackRecorded = "feedback_recorded", feedbackDuplicate = "feedback_duplicate"
            case feedbackIgnored = "feedback_ignored", feedbackRejected = "feedback_rejected"
        }
    }

    private let counts = Locked(Counts())

    func update(_ body: (inout Counts) -> Void) { counts.withLock { body(&$0) } }
    var snapshot: Counts { counts.withLock { $0 } }
}

struct StatsReply: Encodable, Sendable {
    let name: String
    let versions: [VersionStats]
    let events: EventCounters.Counts
}

extension PromptPlugin {
    /// Checks the event and hands it to the stats queue; counting happens when its batch is stored.
    func receiveUsage(_ event: EventMessage) {
        do {
            try usageQueue.enqueue(try UsageEventReader.read(event.payload) ?? event.decode(LLMUsageEvent.self))
        } catch {
            eventCounters.update { $0.usageRejected += 1 }
            context.log(.warning, "llm.usage from \(event.source) rejected: \(Self.describe(error))")
        }
    }

    /// Counts a stored batch's outcomes.
    static func count(_ events: [LLMUsageEvent], _ outcomes: [RecordOutcome], into counters: EventCounters, context: PluginContext) {
        counters.update { counts in
            for outcome in outcomes {
                switch outcome {
                case .recorded: counts.usageRecorded += 1
                case .duplicate: counts.usageDuplicate += 1
                case .ignored: counts.usageIgnored += 1
                }
            }
        }
        for (event, outcome) in zip(events, outcomes) {
            if case .ignored(let reason) = outcome, event.prompt != nil {
                context.log(.debug, "llm.usage ignored: \(reason)")
            }
        }
    }

    func receiveFeedback(_ event: EventMessage) {
        do {
            let outcome = try registry.recordFeedback(try event.decode(PromptFeedbackEvent.self))
            eventCounters.update { counts in
                switch outcome {
                case .recorded: counts.feedbackRecorded += 1
                case .duplicate: counts.feedbackDuplicate += 1
                case .ignored: counts.feedbackIgnored += 1
                }
            }
            if case .ignored(let reason) = outcome { context.log(.info, "prompt.feedback from \(event.source) ignored: \(reason)") }
        } catch {
            eventCounters.update { $0.feedbackRejected += 1 }
            context.log(.warning, "prompt.feedback from \(event.source) rejected: \(Self.describe(error))")
        }
    }

    func stats(_ request: StatsRequest) throws -> StatsReply {
        // Everything delivered before this call is in the figures (unless the store is failing).
        usageQueue.flush()
        let versions = try registryCall { () throws -> [VersionStats] in
            if let alias = request.alias {
                guard request.versions == nil else { throw PluginError(.invalidArgument, "give either versions or alias, not both") }
                let prompt = try registry.summary(name: request.name)
                let variants: [AliasVariant]
                if alias == "latest" {
                    variants = [AliasVariant(version: prompt.latestVersion)]
                } else if let state = prompt.aliases.first(where: { $0.alias == alias }) {
                    variants = state.variants
                } else {
                    throw PromptError(.notFound, "prompt '\(request.name)' has no alias '\(alias)'")
                }
                return try registry.stats(name: request.name, versions: variants.map(\.version))
            }
            return try registry.stats(name: request.name, versions: request.versions)
        }
        return StatsReply(name: request.name, versions: versions, events: eventCounters.snapshot)
    }

    /// A short reason for a failed event: the field for a decoding error, the message otherwise.
    static func describe(_ error: Error) -> String {
        if let error = error as? PromptError { return error.message }
        guard let decoding = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch decoding {
        case .keyNotFound(let key, let context): return "missing field '\((context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: "."))'"
        case .typeMismatch(let type, let context): return "field '\(path(context))' is not \(type)"
        case .valueNotFound(let type, let context): return "field '\(path(context))' is null, expected \(type)"
        case .dataCorrupted(let context): return "malformed JSON\(path(context).isEmpty ? "" : " at \(path(context))"): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
