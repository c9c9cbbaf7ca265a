import AIPluginKit
import Foundation
import PromptCore

/// The prompt registry as a plugin: capabilities over `PromptCore`'s registry, whose SQLite file
/// lives in the plugin's data directory, plus the `llm.usage` / `prompt.feedback` subscribers
/// that feed per-version statistics.
public final class PromptPlugin: AIPPlugin {
    public static let manifest = PluginManifest(
        name: "prompt",
        version: "1.0.0",
        description: "Prompt registry: versioned templates, aliases, rendering, A/B splits, usage statistics, import/export",
        threadSafe: true,
        provides: PromptPlugin.capabilities.map { .message($0, version: "1.0.0") },
        publishes: ["prompt.created", "prompt.version.created", "prompt.alias.moved", "prompt.imported"],
        subscribes: ["llm.usage", "prompt.feedback"],
        configSchema: """
        {"type": "object",
         "properties": {
           "database": {"type": "string", "minLength": 1, "default": "prompts.sqlite"},
           "install_builtins": {"type": "boolean", "default": true},
           "max_template_bytes": {"type": "integer", "minimum": 1024, "maximum": 16777216, "default": 262144},
           "max_database_mb": {"type": "integer", "minimum": 1}},
         "additionalProperties": false}
        """)

    static let capabilities = [
        "prompt.create", "prompt.version.create", "prompt.get", "prompt.list", "prompt.search", "prompt.alias.set",
        "prompt.render", "prompt.diff", "prompt.ab.pick", "prompt.stats", "prompt.export", "prompt.import",
    ]

    struct Config: Decodable {
        let database: String
        let installBuiltins: Bool
        let maxTemplateBytes: Int
        let maxDatabaseMB: Int?

        enum CodingKeys: String, CodingKey {
            case database, installBuiltins = "install_builtins", maxTemplateBytes = "max_template_bytes"
            case maxDatabaseMB = "max_database_mb"
        }
    }

    let context: PluginContext
    let registry: PromptRegistry
    let eventCounters = EventCounters()
    /// `llm.usage` events on their way to the stats table, written in batches.
    let usageQueue: UsageStatsQueue

    public init(context: PluginContext) throws {
        self.context = context
        let config = try context.config(Config.self)
        let path = config.database.hasPrefix("/") ? config.database : context.dataDirectory + "/" + config.database
        do {
            registry = try PromptRegistry(path: path, maxTemplateBytes: config.maxTemplateBytes,
                                          maxDatabaseBytes: config.maxDatabaseMB.map { Int64($0) * 1_048_576 })
            if config.installBuiltins {
                let installed = try registry.installBuiltins()
                if !installed.isEmpty { context.log(.info, "installed \(installed.count) built-in templates") }
            }
        } catch let error as PromptError {
            throw PluginError(.unavailable, "prompt registry: \(error.message)")
        }
        let counters = eventCounters
        usageQueue = UsageStatsQueue(
            registry: registry, gatherWindow: UsageStatsQueue.pluginGatherWindow,
            report: { events, outcomes in Self.count(events, outcomes, into: counters, context: context) },
            failed: { error, waiting in
                context.log(.warning, "cannot store usage statistics (\(waiting) events waiting, retrying): \(Self.describe(error))")
            })
        context.log(.info, "prompt registry at \(path)")
    }

    public func start() throws {
        // Asynchronous delivery: publishers (the gateway) never wait for our decoding or SQLite
        // writes. Usage events go on to the stats queue, stored in batches; only while the store
        // keeps failing does that queue fill and make the bus queue (then publishers) wait.
        usageQueue.start()
        let delivery = EventDelivery.async(queueCapacity: 4096, overflow: .block(timeoutMillis: 2000))
        try context.subscribe("llm.usage", delivery: delivery) { [self] event in receiveUsage(event) }
        try context.subscribe("prompt.feedback", delivery: delivery) { [self] event in receiveFeedback(event) }
    }

    public func stop() throws {
        let lost = usageQueue.stop()
        if lost > 0 { context.log(.error, "stopped while the registry refused writes: \(lost) llm.usage events were not counted") }
        do {
            try registry.close()
        } catch {
            context.log(.warning, "could not save render counts: \(error)")
        }
    }

    public var handlers: [String: CapabilityHandler] {
        [
            "prompt.create": .json { [self] (request: CreateRequest, call: IncomingCall) in try create(request, caller: call.caller) },
            "prompt.version.create": .json { [self] (request: CreateVersionRequest, call: IncomingCall) in try createVersion(request, caller: call.caller) },
            "prompt.get": .json { [self] (request: GetRequest) in try get(request) },
            "prompt.list": .json { [self] (request: ListRequest) in try list(request) },
            "prompt.search": .json { [self] (request: SearchRequest) in try search(request) },
            "prompt.alias.set": .json { [self] (request: AliasSetRequest, call: IncomingCall) in try setAlias(request, caller: call.caller) },
            "prompt.render": .raw { [self] call in try render(call) },
            "prompt.diff": .json { [self] (request: DiffRequest) in try diff(request) },
            "prompt.ab.pick": .json { [self] (request: PickRequest) in try pick(request) },
            "prompt.stats": .json { [self] (request: StatsRequest) in try stats(request) },
            "prompt.export": .raw { [self] call in try export(try call.decode(ExportRequest.self)) },
            "prompt.import": .json { [self] (request: ImportRequest, call: IncomingCall) in try importPrompts(request, caller: call.caller) },
        ]
    }
}

/// Runs a registry operation, turning its errors into the ABI's statuses.
func registryCall<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as PromptError {
        switch error.kind {
        case .invalidArgument: throw PluginError(.invalidArgument, error.message)
        case .notFound: throw PluginError(.notFound, error.message)
        case .conflict: throw PluginError(.conflict, error.message)
        // Storage failures (disk full, size cap, locked or read-only file) pass: try again later.
        case .storage: throw PluginError(.unavailable, error.message)
        }
    }
}

@_cdecl("aip_plugin_entry")
public func aipPluginEntry() -> UnsafeRawPointer { PluginExport.descriptor(for: PromptPlugin.self) }
