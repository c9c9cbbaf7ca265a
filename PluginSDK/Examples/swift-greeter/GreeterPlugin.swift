import AIPluginKit
import Synchronization

/// Example Swift plugin: greets people, tells the bus it did, and counts `counter.*` events.
///
/// It shows the whole Swift kit: a manifest with a config schema, a Codable capability, a native
/// function, an event published and an event subscribed to.
public final class GreeterPlugin: AIPPlugin {
    public static let manifest = PluginManifest(
        name: "greeter",
        version: "1.0.0",
        description: "Example Swift plugin: greets people and counts counter events",
        threadSafe: true,
        provides: [
            .message("greeter.greet", version: "1.0.0"),
            .message("greeter.stats", version: "1.0.0"),
            .native("greeter.length", version: "1.0.0",
                    NativeFunction(signature: "i64(str)", pointer: unsafeBitCast(utf8Length, to: UnsafeRawPointer.self))),
        ],
        publishes: ["greeter.#"],
        subscribes: ["counter.#"],
        configSchema: """
        {"type": "object",
         "properties": {"greeting": {"type": "string", "minLength": 1, "default": "Hello"},
                        "punctuation": {"type": "string", "maxLength": 3, "default": "!"}},
         "additionalProperties": false}
        """)

    struct Config: Decodable {
        let greeting: String
        let punctuation: String
    }

    struct GreetRequest: Decodable, Sendable { let name: String }
    struct GreetReply: Encodable, Sendable { let message: String }
    struct Stats: Encodable, Sendable {
        let greeted: Int
        let counterEvents: Int
        let lastCounterValue: Int?
    }

    private struct State {
        var greeted = 0
        var counterEvents = 0
        var lastCounterValue: Int?
    }

    private let context: PluginContext
    private let config: Config
    private let state = Mutex(State())

    public init(context: PluginContext) throws {
        self.context = context
        self.config = try context.config(Config.self)
        context.log(.info, "greeting with \"\(config.greeting)\"")
    }

    public func start() throws {
        try context.subscribe("counter.#") { [self] event in
            struct Changed: Decodable { let value: Int }
            let value = try? event.decode(Changed.self).value
            state.withLock {
                $0.counterEvents += 1
                if let value { $0.lastCounterValue = value }
            }
        }
    }

    public var handlers: [String: CapabilityHandler] {
        [
            "greeter.greet": .json { [self] (request: GreetRequest) -> GreetReply in
                guard !request.name.isEmpty else { throw PluginError(.invalidArgument, "name must not be empty") }
                let message = "\(config.greeting), \(request.name)\(config.punctuation)"
                state.withLock { $0.greeted += 1 }
                try context.publish("greeter.greeted", json: ["name": request.name])
                return GreetReply(message: message)
            },
            "greeter.stats": .json { [self] (_: Empty) -> Stats in
                state.withLock { Stats(greeted: $0.greeted, counterEvents: $0.counterEvents, lastCounterValue: $0.lastCounterValue) }
            },
        ]
    }
}

struct Empty: Decodable, Sendable {}

/// Native capability `greeter.length`: the UTF-8 length of a string, callable without JSON.
let utf8Length: @convention(c) (UnsafePointer<CChar>?) -> Int64 = { text in
    guard let text else { return 0 }
    return Int64(String(cString: text).utf8.count)
}

@_cdecl("aip_plugin_entry")
public func aipPluginEntry() -> UnsafeRawPointer { PluginExport.descriptor(for: GreeterPlugin.self) }
