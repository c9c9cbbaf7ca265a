/// One line of the child-to-parent protocol: a JSON object on the child's stdout, written before
/// the step it announces, so that whatever the child was doing when it died is the last line.
///
///     {"stage":"cycle 2: start"}                    entering a step
///     {"stage":"call greeter.greet","input":"{}"}   about to send this input
///     {"fuzzIndex":412}                             about to send fuzz input #412 (the parent rebuilds it)
///     {"note":{"kind":"publish","text":"audit.x"}}  first sighting of a rule broken by the plugin
///     {"descriptor":{…}}                            the plugin as the descriptor check read it
///     {"observations":{…}}                          counts and the slowest calls, at the end
///     {"result":{…}}                                the check's verdict, last
struct ChildLine: Codable, Sendable {
    var stage: String?
    var input: String?
    var fuzzIndex: Int?
    var note: ChildNote?
    var descriptor: DescriptorSummary?
    var observations: Observations?
    var result: CheckResult?
}

/// A broken rule seen while the check ran, sent the first time it happens so that the parent
/// learns of it even if the plugin crashes later.
struct ChildNote: Codable, Sendable, Hashable {
    enum Kind: String, Codable, Sendable {
        /// A host-table call out of lifecycle order (`text` says which and when).
        case order
        /// A publish to a topic outside the declared patterns (`text` is the topic).
        case publish
        /// A subscription outside the declared patterns (`text` is the pattern).
        case subscribe
    }

    let kind: Kind
    let text: String
}

/// What a child saw over its whole run, sent once at the end.
struct Observations: Codable, Sendable, Equatable {
    /// Publishes the host accepted.
    var publishes = 0
    /// Every broken rule with how often it happened.
    var notes: [NoteCount] = []
    /// The slowest sequential call per capability.
    var slowestCalls: [SlowCall] = []

    struct NoteCount: Codable, Sendable, Equatable {
        let kind: ChildNote.Kind
        let text: String
        let count: Int
    }
}

/// The slowest call one check made to one capability.
struct SlowCall: Codable, Sendable, Equatable {
    let capability: String
    let milliseconds: Double
    /// Which input, rendered for people (`fuzz input #3 (seed 7, empty): (empty)`).
    let input: String
}
