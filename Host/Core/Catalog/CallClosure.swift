import AIPEvents

/// The plugins a one-off call (`aip call`) needs, from their catalogue summaries: the providers of
/// the capability, the providers of their requirements (optional ones too, as the daemon would
/// start them), the plugins subscribed to topics they publish that could start here, and so on
/// until nothing is added. The rest stay unloaded: a plugin made for the daemon (the http server,
/// which requires the daemon's `host.*` capabilities and subscribes to every topic) is neither
/// started nor refused for a call that does not need it.
enum CallClosure {
    /// Nil when no catalogued plugin provides `capability`.
    static func plugins(for capability: String, among summaries: [PluginSummary]) -> Set<String>? {
        let providers = summaries.filter { providedNames($0).contains(capability) }
        guard !providers.isEmpty else { return nil }
        let startable = startablePlugins(summaries)
        var wanted = Set(providers.map(\.name))
        var pending = providers
        while let plugin = pending.popLast() {
            let required = requiredNames(plugin)
            for other in summaries where !wanted.contains(other.name) {
                let provides = providedNames(other)
                let needed = required.contains { provides.contains($0) }
                if needed || startable.contains(other.name) && listens(other, to: plugin) {
                    wanted.insert(other.name)
                    pending.append(other)
                }
            }
        }
        return wanted
    }

    /// The plugins whose hard requirements the catalogued plugins meet (those whose providers would
    /// be refused do not count).
    static func startablePlugins(_ summaries: [PluginSummary]) -> Set<String> {
        var startable = Set(summaries.map(\.name))
        var changed = true
        while changed {
            changed = false
            let provided = Set(summaries.filter { startable.contains($0.name) }.flatMap(providedNames))
            for summary in summaries where startable.contains(summary.name) {
                let hard = summary.requires.filter { !$0.hasSuffix("(optional)") }.map { String($0.prefix { $0 != " " }) }
                if hard.contains(where: { !$0.contains("*") && !provided.contains($0) }) {
                    startable.remove(summary.name)
                    changed = true
                }
            }
        }
        return startable
    }

    /// "greeter.greet@1.0.0" and "counter.add@1.0.0 native …" give their capability names.
    static func providedNames(_ summary: PluginSummary) -> Set<String> {
        Set(summary.provides.map { String($0.prefix { $0 != "@" && $0 != " " }) })
    }

    /// "prompt.render ^1 (optional)" gives "prompt.render"; wildcard requirements ("*": may call
    /// anything) name no particular provider.
    static func requiredNames(_ summary: PluginSummary) -> [String] {
        summary.requires.map { String($0.prefix { $0 != " " }) }.filter { !$0.contains("*") }
    }

    /// Whether `subscriber` subscribes to a topic `publisher` may publish.
    static func listens(_ subscriber: PluginSummary, to publisher: PluginSummary) -> Bool {
        publisher.publishes.contains { published in subscriber.subscribes.contains { overlap(published, $0) } }
    }

    /// Whether two topic patterns can match one topic. Each is tried against the other with its
    /// wildcards read as ordinary words (and `#` also as no word), which decides every pair where
    /// at most one side has wildcards; for two wildcard patterns it can miss a rare overlap
    /// ("a.*.c" and "a.b.#"), which only leaves a listener unloaded for a one-off call.
    static func overlap(_ first: String, _ second: String) -> Bool {
        guard let firstPattern = try? TopicPattern(first), let secondPattern = try? TopicPattern(second) else { return false }
        return concrete(second).contains { firstPattern.matches($0) } || concrete(first).contains { secondPattern.matches($0) }
    }

    /// Topics `pattern` matches: wildcards as a word, and `#` as no word too.
    private static func concrete(_ pattern: String) -> [String] {
        let words = pattern.split(separator: ".", omittingEmptySubsequences: false)
        let asWord = words.map { $0 == "*" || $0 == "#" ? "any" : String($0) }.joined(separator: ".")
        let dropped = words.filter { $0 != "#" }.map { $0 == "*" ? "any" : String($0) }.joined(separator: ".")
        return dropped.isEmpty ? [asWord] : [asWord, dropped]
    }
}
