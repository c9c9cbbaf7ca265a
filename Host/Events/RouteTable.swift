/// The subscriptions in subscription order, plus a cache of which of them each concrete topic reaches,
/// so a publish costs one dictionary lookup instead of matching every pattern.
struct RouteTable {
    private(set) var subscriptions: [Subscription] = []
    private var routes: [String: ContiguousArray<Subscription>] = [:]
    /// Bounds memory when publishers invent topics (e.g. one per request): past this the cache starts over.
    static let cachedTopicLimit = 4096

    mutating func add(_ subscription: Subscription) {
        subscriptions.append(subscription)
        // Subscription changes are rare next to publishes; recomputing lazily is simpler than patching routes.
        routes.removeAll()
    }

    mutating func remove(_ id: SubscriptionID) -> Subscription? {
        guard let index = subscriptions.firstIndex(where: { $0.id == id }) else { return nil }
        routes.removeAll()
        return subscriptions.remove(at: index)
    }

    mutating func removeAll(ownedBy owner: String) -> [Subscription] {
        let removed = subscriptions.filter { $0.owner == owner }
        guard !removed.isEmpty else { return [] }
        subscriptions.removeAll { $0.owner == owner }
        routes.removeAll()
        return removed
    }

    /// The subscriptions `topic` reaches, in subscription order.
    @inline(__always)
    mutating func targets(of topic: String) -> ContiguousArray<Subscription> {
        if let cached = routes[topic] { return cached }
        return computeAndCacheTargets(of: topic)
    }

    private mutating func computeAndCacheTargets(of topic: String) -> ContiguousArray<Subscription> {
        let words = topic.split(separator: ".", omittingEmptySubsequences: false)
        let targets = ContiguousArray(subscriptions.lazy.filter { $0.pattern.matches(words: words) })
        if routes.count >= Self.cachedTopicLimit { routes.removeAll(keepingCapacity: true) }
        routes[topic] = targets
        return targets
    }
}
