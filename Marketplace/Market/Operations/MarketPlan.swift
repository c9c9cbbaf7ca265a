import AIPVersioning

/// What a change to the install will do, computed before anything is touched: `--dry-run` prints
/// it and stops; otherwise it is carried out as one unit.
public struct MarketPlan: Sendable {
    public enum Step: Sendable {
        case install(Catalogue.Offer)
        case upgrade(from: SemanticVersion, to: Catalogue.Offer)
        case downgrade(from: SemanticVersion, to: Catalogue.Offer)
        case remove(name: String, version: SemanticVersion)

        public var name: String {
            switch self {
            case .install(let offer), .upgrade(_, let offer), .downgrade(_, let offer): return offer.name
            case .remove(let name, _): return name
            }
        }

        /// The offer to fetch and activate; nil for a removal.
        public var target: Catalogue.Offer? {
            switch self {
            case .install(let offer), .upgrade(_, let offer), .downgrade(_, let offer): return offer
            case .remove: return nil
            }
        }

        public var action: String {
            switch self {
            case .install: return "install"
            case .upgrade: return "upgrade"
            case .downgrade: return "downgrade"
            case .remove: return "remove"
            }
        }

        public var fromVersion: SemanticVersion? {
            switch self {
            case .install: return nil
            case .upgrade(let from, _), .downgrade(let from, _): return from
            case .remove(_, let version): return version
            }
        }

        /// One line for people: `+ greeter 1.0.0`, `^ greeter 1.0.0 -> 1.1.0`, `- counter 1.0.0`.
        public var summary: String {
            switch self {
            case .install(let offer): return "+ \(offer.name) \(offer.version) (from \(offer.marketplace))"
            case .upgrade(let from, let offer): return "^ \(offer.name) \(from) -> \(offer.version)"
            case .downgrade(let from, let offer): return "v \(offer.name) \(from) -> \(offer.version)"
            case .remove(let name, let version): return "- \(name) \(version)"
            }
        }
    }

    /// In install order: dependencies before their dependents; removals last.
    public var steps: [Step]
    /// Names asked for explicitly in this change (recorded as explicit installs).
    public var requested: Set<String>
    /// Packages to pin or unpin along with the change.
    public var pins: [String: Bool]

    public init(steps: [Step], requested: Set<String> = [], pins: [String: Bool] = [:]) {
        self.steps = steps
        self.requested = requested
        self.pins = pins
    }

    public var isEmpty: Bool { steps.isEmpty && pins.isEmpty }
}
