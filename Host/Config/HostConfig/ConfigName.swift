/// How names in environment variables correspond to names in the configuration file.
///
/// Variable names are conventionally upper-case and cannot contain "-", so matching ignores case
/// and lets "_" stand for either "_" or "-": `SWIFT_GREETER` addresses `swift-greeter`.
enum ConfigName {
    static func matches(variableSegment segment: String, name: String) -> Bool {
        normalized(segment) == normalized(name)
    }

    /// Every name in `names` that `segment` addresses, sorted; more than one means the variable is
    /// ambiguous (the file has both `a-b` and `a_b`).
    static func candidates(for segment: String, in names: some Sequence<String>) -> [String] {
        names.filter { matches(variableSegment: segment, name: $0) }.sorted()
    }

    /// The name to create for a plugin that the file does not mention: plugin names are
    /// conventionally kebab-case.
    static func newPluginName(from segment: String) -> String {
        String(segment.lowercased().map { $0 == "_" ? "-" : $0 })
    }

    /// The name to create for a setting the file does not mention: settings keep their underscores.
    static func newKeyName(from segment: String) -> String {
        segment.lowercased()
    }

    private static func normalized(_ name: String) -> String {
        String(name.lowercased().map { $0 == "-" ? "_" : $0 })
    }
}
