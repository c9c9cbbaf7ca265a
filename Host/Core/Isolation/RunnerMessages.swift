import AIPEvents
import AIPVersioning
import AIPluginABI
import Foundation

/// What a runner tells the daemon about the plugin it loaded (the `hello` frame), enough for the
/// daemon to register the plugin's capabilities and check its permissions without loading it.
public struct RunnerDescriptor: Codable, Sendable, Equatable {
    public struct Provided: Codable, Sendable, Equatable {
        public var name: String
        public var version: String
    }
    public struct Required: Codable, Sendable, Equatable {
        public var name: String
        public var range: String?
        public var optional: Bool
    }

    public var name: String
    public var version: String
    public var description: String
    public var threadSafe: Bool
    public var swiftToolchain: String?
    public var provides: [Provided]
    public var requires: [Required]
    public var publishes: [String]
    public var subscribes: [String]

    public init(_ d: PluginDescriptor) {
        name = d.name
        version = d.version.description
        description = d.description
        threadSafe = d.threadSafe
        swiftToolchain = d.swiftToolchain
        // Native functions cannot cross a process boundary; they are offered as message calls
        // taking a JSON array of arguments, which the runner's host converts through libffi.
        provides = d.provides.filter { !$0.name.hasSuffix(".*") }.map { Provided(name: $0.name, version: $0.version.description) }
        requires = d.requirements.map { Required(name: $0.name, range: $0.range?.text, optional: $0.optional) }
        publishes = d.publishes.map(\.text)
        subscribes = d.subscribes.map(\.text)
    }

    /// The descriptor of the daemon-side stand-in record: same name, capabilities, requirements
    /// and topics; no entry points (calls go through dynamic entries to the runner). Marked
    /// thread-safe because the runner's own host serialises calls into a plugin that is not.
    func proxyDescriptor() throws(RunnerProtocolError) -> PluginDescriptor {
        do {
            return PluginDescriptor(
                name: name, version: try SemanticVersion(parsing: version), description: description,
                abiMajor: Int(AIP_ABI_MAJOR), abiMinor: Int(AIP_ABI_MINOR), threadSafe: true, swiftToolchain: swiftToolchain,
                provides: try provides.map { .init(name: $0.name, version: try SemanticVersion(parsing: $0.version), signature: nil, nativeFunction: nil) },
                requirements: try requires.map { .init(name: $0.name, range: try $0.range.map { try VersionRange(parsing: $0) }, optional: $0.optional) },
                publishes: try publishes.map { try TopicPattern($0) }, subscribes: try subscribes.map { try TopicPattern($0) },
                configSchema: nil,
                entryPoints: EntryPoints(initialise: { _, _, _, _ in AIP_ERR_UNSUPPORTED }, start: nil, stop: nil, shutdown: nil, handle: nil))
        } catch {
            throw RunnerProtocolError("the runner described plugin \(name) inconsistently: \(error)")
        }
    }
}

/// The daemon's answer to `hello`: the plugin's raw config section and, for each requirement,
/// the version of the capability the daemon would route to.
public struct RunnerSetup: Codable, Sendable {
    public struct Provider: Codable, Sendable {
        public var name: String
        public var version: String
    }
    public var configJSON: String
    public var configSource: String
    public var dataRoot: String
    public var providers: [Provider]

    public init(configJSON: String, configSource: String, dataRoot: String, providers: [Provider]) {
        self.configJSON = configJSON
        self.configSource = configSource
        self.dataRoot = dataRoot
        self.providers = providers
    }
}
