import AIPConfig

/// Everything the engine is built from: limits, callers, policies and term lists.
public struct GuardrailsSettings: Sendable {
    public var defaultPolicy = "default"
    /// Larger texts are refused before any work is done: memory stays bounded whatever arrives.
    public var maxInputBytes = 1 << 20
    /// Findings kept per rule and check.
    public var maxFindings = 256
    /// Caller (plugin name) → policy name.
    public var callers: [String: String] = [:]
    public var policies: [String: Policy]
    /// Sensitive words, allow-list, toxicity and topic terms (built-in ones included).
    public var terms: [LexiconEntry]
    /// True when the plugin should ask an external capability for toxicity scores.
    public var externalToxicityScorer = false
    /// The learned half of the jailbreak rule; nil runs the hand-weighted scorer alone.
    public var jailbreakClassifier: JailbreakClassifier?
    /// Problems that did not stop the load (a jailbreak classifier file that could not be used),
    /// each naming its file, for the plugin to log.
    public var warnings: [String] = []

    /// The built-in policies and lexicons, no extra terms.
    public init() {
        self.init(policies: BuiltinPolicies.all, terms: ToxicityLexicon.entries + TopicLexicon.entries)
    }

    init(policies: [Policy], terms: [LexiconEntry]) {
        self.policies = Dictionary(uniqueKeysWithValues: policies.map { ($0.name, $0) })
        self.terms = terms
        switch JailbreakClassifier.builtIn {
        case .success(let classifier): jailbreakClassifier = classifier
        case .failure(let error): warnings.append(Self.fallback(error))
        }
    }

    static func fallback(_ error: GuardrailsError) -> String {
        "\(error.description); the jailbreak rule uses its scorer alone"
    }

    public var policyNames: [String] { policies.keys.sorted() }
}

extension GuardrailsSettings {
    /// Reads the plugin's config section and the term files of `dataDirectory`.
    ///
    /// Data directory layout: `sensitive-words/*.txt` (category defaults to the file name),
    /// `allow-list/*.txt`, `toxicity/*.txt` (term, category, weight), `topics/NAME.txt`
    /// (term and optional weight). Files named in config are relative to the data directory.
    public static func load(config: JSONValue, dataDirectory: String?) throws(GuardrailsError) -> GuardrailsSettings {
        var reader = SettingsReader(dataDirectory: dataDirectory)
        return try reader.read(config)
    }

    /// Parses config text (errors name the JSON location) and reads the data directory.
    public static func load(configText: String, dataDirectory: String?) throws(GuardrailsError) -> GuardrailsSettings {
        let value: JSONValue
        do { value = try JSONParser.parse(configText, source: "config") } catch {
            throw .invalidConfig(path: "config", reason: error.description)
        }
        return try load(config: value, dataDirectory: dataDirectory)
    }
}
