/// All known model prices, each key with its dated versions. Immutable: an import builds a new one.
///
/// Lookup of (provider, model) follows LiteLLM's keys, so a price file imported from LiteLLM
/// answers the names gateways send: `gpt-4o` from provider `openai`, `gpt-4o` from `azure`
/// (key `azure/gpt-4o`), `gemini-2.5-pro` from `gemini` (key `gemini/gemini-2.5-pro`), or a
/// full key such as `azure/gpt-4o` with no provider.
public struct PriceCatalogue: Sendable {
    /// Versions of each key, ascending by effective day.
    private let versions: [String: [ModelPrice]]

    public init(_ prices: [ModelPrice]) {
        var grouped: [String: [ModelPrice]] = [:]
        for price in prices {
            var list = grouped[price.key, default: []]
            // A later entry for the same key and day replaces the earlier one (imports override built-ins).
            list.removeAll { $0.effectiveFrom == price.effectiveFrom }
            list.append(price)
            grouped[price.key] = list
        }
        versions = grouped.mapValues { $0.sorted { $0.effectiveFrom < $1.effectiveFrom } }
    }

    public var keys: [String] { versions.keys.sorted() }
    public var count: Int { versions.count }
    public var allPrices: [ModelPrice] { versions.keys.sorted().flatMap { versions[$0] ?? [] } }

    /// Provider spellings that mean the same service.
    static func canonicalProvider(_ name: String) -> String {
        switch name {
        case "openai", "azure", "anthropic", "gemini", "vertex_ai": return name   // the common spellings, without allocating
        default: break
        }
        let lowered = name.lowercased()
        switch lowered {
        case "azure_openai", "azure-openai", "azureopenai": return "azure"
        case "google", "google_ai", "google-ai-studio", "gemini_api": return "gemini"
        case "vertex", "vertexai", "google_vertex": return "vertex_ai"
        default: return LiteLLMPriceFile.canonicalProvider(lowered)
        }
    }

    /// The catalogue key that (provider, model) names, or nil.
    public func resolveKey(provider: String?, model: String) -> String? {
        let wanted = provider.map(Self.canonicalProvider)
        func matches(_ key: String) -> Bool {
            guard let list = versions[key], let first = list.first else { return false }
            return wanted == nil || first.provider == wanted
        }
        if matches(model) { return model }
        if let wanted {
            if matches("\(wanted)/\(model)") { return "\(wanted)/\(model)" }
            // A model already carrying a provider prefix ("openai/gpt-4o") is looked up without it.
            if let slash = model.firstIndex(of: "/"), matches(String(model[model.index(after: slash)...])) {
                return String(model[model.index(after: slash)...])
            }
            return nil
        }
        return nil
    }

    /// The price of (provider, model) effective on `day`.
    public func price(provider: String?, model: String, on day: Day) throws(CostError) -> ModelPrice {
        guard let key = resolveKey(provider: provider, model: model), let list = versions[key], let first = list.first else {
            throw .unknownModel(model: model, provider: provider, nearest: nearestKeys(to: model, provider: provider))
        }
        guard let effective = list.last(where: { $0.effectiveFrom <= day }) else {
            throw .noPriceEffective(model: key, day: day, earliest: first.effectiveFrom)
        }
        return effective
    }

    /// All dated versions of a key.
    public func history(of key: String) -> [ModelPrice] { versions[key] ?? [] }

    /// Up to `limit` known keys closest to `model` by edit distance (ties: shorter key first),
    /// preferring the provider's own keys.
    public func nearestKeys(to model: String, provider: String?, limit: Int = 5) -> [String] {
        let wanted = provider.map(Self.canonicalProvider)
        let target = Array(model.lowercased().utf8)
        var scored: [(distance: Int, key: String)] = []
        scored.reserveCapacity(versions.count)
        for (key, list) in versions {
            let bare = key.split(separator: "/").last.map(String.init) ?? key
            var distance = min(EditDistance.between(target, Array(bare.lowercased().utf8)),
                               EditDistance.between(target, Array(key.lowercased().utf8)))
            if let wanted, list.first?.provider != wanted { distance += 2 }
            scored.append((distance, key))
        }
        scored.sort { $0.distance != $1.distance ? $0.distance < $1.distance
            : ($0.key.count != $1.key.count ? $0.key.count < $1.key.count : $0.key < $1.key) }
        return scored.prefix(limit).map(\.key)
    }
}

enum EditDistance {
    /// Levenshtein distance over bytes, two rows of memory.
    static func between(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
