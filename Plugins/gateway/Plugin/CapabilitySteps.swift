import AIPConfig
import AIPluginKit
import GatewayCore
import AIPLocking
import Synchronization

/// The gateway's steps answered by other plugins' capabilities, looked up in the registry.
/// A capability that is not registered leaves its step out; `refresh` looks again (a plugin
/// enabled later joins the path without restarting the gateway).
final class CapabilitySteps: GatewaySteps {
    struct Handles {
        var render: CapabilityHandle?
        var check: CapabilityHandle?
        var costCheck: CapabilityHandle?
        /// guardrails' native screen, when it is in this process: an allowed text costs no message call.
        var screen: GuardrailsScreen?
    }

    private let context: PluginContext
    private let handles = Locked(Handles())
    /// Which handles are there (bits 1 prompt, 2 guardrails, 4 cost), read without a lock.
    private let present = Atomic<UInt8>(0)
    /// When a missing capability was last looked for.
    private let lastLookupMs = Atomic<Int64>(0)
    /// The native screen answered that its provider is gone: resolve it again.
    private let screenStale = Atomic<Bool>(false)
    /// A missing capability is looked for again at most this often: a provider enabled, reloaded
    /// or restarted after the gateway started must join at once, while a plugin that is really
    /// absent must not cost lookups on every request.
    static let lookupIntervalMs: Int64 = 20

    /// Subjects whose last budget check allowed, until when (monotonic ms). A `cost.check` is a
    /// capability call with JSON both ways on every request's path; an allowing answer is reused
    /// for `budgetCacheMs` instead, so a budget can be overrun by at most what one subject spends
    /// in that time. Denials are never reused.
    private let allowedUntil = Locked<[String: Int64]>([:])
    private let budgetCacheMs: Int64

    /// Texts the native screen allowed (`guardrails_screened` in gateway.metrics): an atomic, not
    /// a metrics counter, since every request adds to it from every thread.
    private let screened = Atomic<Int>(0)
    private let renderReplies = RenderReplyReader()
    var screenedCount: Int { screened.load(ordering: .relaxed) }

    init(context: PluginContext, budgetCacheMs: Int64) {
        self.context = context
        self.budgetCacheMs = budgetCacheMs
    }

    func refresh() {
        let check = try? context.lookup("guardrails.check")
        let found = Handles(render: try? context.lookup("prompt.render"), check: check,
                            costCheck: try? context.lookup("cost.check"), screen: check == nil ? nil : GuardrailsScreen(context: context))
        screenStale.store(false, ordering: .relaxed)
        handles.withLock { $0 = found }
        present.store((found.render == nil ? 0 : 1) | (found.check == nil ? 0 : 2) | (found.costCheck == nil ? 0 : 4), ordering: .releasing)
        lastLookupMs.store(Router.monotonicMs(), ordering: .relaxed)
    }

    /// Which steps are there, a missing one looked for again when the interval has passed.
    private func presence() -> UInt8 {
        let bits = present.load(ordering: .acquiring)
        guard bits != 7 || screenStale.load(ordering: .relaxed), Router.monotonicMs() - lastLookupMs.load(ordering: .relaxed) >= Self.lookupIntervalMs else { return bits }
        refresh()
        return present.load(ordering: .acquiring)
    }

    private func current() -> Handles { handles.withLock { $0 } }

    var hasPrompt: Bool { presence() & 1 != 0 }
    var hasGuardrails: Bool { presence() & 2 != 0 }
    var hasCost: Bool { presence() & 4 != 0 }

    /// Calls a capability with a JSON body; a failure becomes the gateway error that fits it.
    private func call(_ handle: CapabilityHandle, _ body: [UInt8], step: String) throws(GatewayError) -> [UInt8] {
        do {
            return try context.call(handle, body: body)
        } catch let error as CallError {
            let message = Self.message(of: error.body) ?? error.body
            switch error.status {
            case .invalidArgument, .notFound:
                throw GatewayError(status: error.status == .notFound ? 404 : 400, type: "invalid_request_error",
                                   code: "\(step)_failed", param: step == "prompt" ? "prompt" : nil, message: "\(handle.name): \(message)")
            case .resourceExhausted:
                throw GatewayError(status: 413, type: "invalid_request_error", code: "\(step)_failed", message: "\(handle.name): \(message)")
            default:
                throw GatewayError(status: 503, type: "api_error", code: "\(step)_unavailable", message: "\(handle.name) failed: \(message)")
            }
        } catch {
            throw .internal("\(handle.name) failed: \(error)")
        }
    }

    /// `call` with an Encodable request and a Decodable reply (the kit's coders: no JSON tree either way).
    private func call<Reply: Decodable>(_ handle: CapabilityHandle, _ body: some Encodable, step: String,
                                        as: Reply.Type = Reply.self) throws(GatewayError) -> Reply {
        let bytes: [UInt8]
        do { bytes = try Self.encoder.encode(body) } catch { throw .internal("cannot encode the \(handle.name) request: \(error)") }
        let reply = try call(handle, bytes, step: step)
        do { return try Self.decoder.decode(Reply.self, from: reply) } catch {
            throw .invalidRequest("the \(handle.name) reply is not valid JSON: \(error)")
        }
    }

    private static let encoder = KitJSONEncoder()
    private static let decoder = KitJSONDecoder()

    static func message(of body: String) -> String? {
        (try? JSONParser.parse(body))?["error"]?["message"]?.stringValue
    }

    func render(_ reference: ChatRequest.PromptReference, variables: JSONValue?, key: String?) throws(GatewayError) -> RenderedPrompt {
        guard let handle = current().render else { throw .invalidRequest("no prompt plugin is loaded", param: "prompt") }
        let body = RenderRequestBody.bytes(reference, variables: variables, key: key ?? "anonymous")
        return try renderReplies.read(try call(handle, body, step: "prompt"), reference: reference, what: "\(handle.name) reply")
    }

    func check(_ text: String, stage: String, policy: String?, role: String?) throws(GatewayError) -> GuardVerdict? {
        let found = current()
        guard let handle = found.check else { return nil }
        if let screen = found.screen {
            switch screen.screen(text, stage: stage, policy: policy, role: role) {
            case .allowed:
                screened.add(1, ordering: .relaxed)
                return GuardVerdict(action: "allow", policy: policy ?? "default")
            case .stale: screenStale.store(true, ordering: .relaxed)
            case .needsCheck: break
            }
        }
        let reply = try call(handle, CheckRequestBody(text: text, stage: stage, policy: policy, role: role), step: "guardrails",
                             as: CheckReply.self)
        var categories: [String] = []
        for finding in reply.findings ?? [] {
            if let category = finding.category, !categories.contains(category) { categories.append(category) }
        }
        return GuardVerdict(action: reply.action ?? "allow", policy: reply.policy ?? policy ?? "default",
                            categories: categories, redactedText: reply.redactedText)
    }

    func budgetDenial(_ query: BudgetQuery) throws(GatewayError) -> String? {
        guard let handle = current().costCheck else { return nil }
        let subject = [query.project ?? "", query.user ?? "", query.tenant ?? "", query.provider, query.model].joined(separator: "\u{1F}")
        let now = Router.monotonicMs()
        if budgetCacheMs > 0, let until = allowedUntil.withLock({ $0[subject] }), until > now { return nil }
        let body = BudgetCheckBody(provider: query.provider, model: query.model, inputTokens: query.inputTokens,
                                   maxOutputTokens: query.maxOutputTokens, project: query.project, user: query.user, tenant: query.tenant)
        let reply: BudgetCheckReply
        do throws(GatewayError) { reply = try call(handle, body, step: "cost") } catch {
            // An unpriced model is not a reason to refuse the request.
            if error.status == 404 { return nil }
            throw error
        }
        guard reply.allowed == false else {
            if budgetCacheMs > 0 {
                allowedUntil.withLock { cache in
                    // Bounded: expired entries go when the table grows large.
                    if cache.count > 100_000 { cache = cache.filter { $0.value > now } }
                    cache[subject] = now + budgetCacheMs
                }
            }
            return nil
        }
        let reasons = (reply.denials ?? []).compactMap(\.reason)
        return reasons.isEmpty ? "a hard budget is exhausted" : reasons.joined(separator: "; ")
    }

    func hasSubscribers(_ topic: String) -> Bool { context.hasSubscribers(topic) }

    func publish(_ topic: String, _ payload: [UInt8]) {
        do { try context.publish(topic, bytes: payload) } catch {
            context.log(.warning, "cannot publish \(topic): \(error)")
        }
    }
}
