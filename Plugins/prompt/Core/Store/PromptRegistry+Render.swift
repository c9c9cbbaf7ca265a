import Foundation
import GRDB

/// Alias and `latest` resolutions, valid for one value of the registry's change counter.
struct ResolutionCache {
    /// nil: unknown (never checked, the check failed, or this registry just wrote).
    var changeCount: Int64?
    /// Monotonic time of the last data version check.
    var checkedAt: UInt64 = 0
    var targets: [ResolutionKey: [AliasVariant]] = [:]
}

struct ResolutionKey: Hashable {
    let name: String
    let alias: String
}

/// The outcome of an A/B pick.
public struct VariantPick: Codable, Sendable, Hashable {
    public let name: String
    public let alias: String
    public let version: Int
    public let variants: [AliasVariant]
    /// The caller key's point in [0, 1): which share of the split it fell into.
    public let point: Double
}

extension PromptRegistry {
    /// Fills a prompt chosen by number, alias or `latest`. With a split alias, `key` (a user or
    /// session id) picks the version and keeps picking the same one.
    public func render(name: String, _ selector: VersionSelector = .latest, variables: [String: String],
                       key: String? = nil) throws -> RenderedPrompt {
        try compiledPrompt(name: name, selector, key: key).render(variables)
    }

    /// `render`, answered as the JSON of the `RenderedPrompt` (what `prompt.render` replies).
    public func renderJSON(name: String, _ selector: VersionSelector = .latest, variables: [String: String],
                           key: String? = nil) throws -> [UInt8] {
        try compiledPrompt(name: name, selector, key: key).renderJSON(variables)
    }

    /// `renderJSON` with the values as name/value pairs.
    public func renderJSON(name: String, _ selector: VersionSelector = .latest, pairs: [(key: String, value: String)],
                           key: String? = nil) throws -> [UInt8] {
        try compiledPrompt(name: name, selector, key: key).renderJSON(pairs: pairs)
    }

    /// The compiled version behind a selector, from the cache when the file has not changed.
    public func compiledPrompt(name: String, _ selector: VersionSelector = .latest, key: String? = nil) throws -> CompiledPrompt {
        let number: Int
        switch selector {
        case .version(let given):
            number = given
        case .latest:
            number = try cachedVariants(name: name, alias: "latest")[0].version
        case .alias(let alias):
            let variants = try cachedVariants(name: name, alias: alias)
            number = try choose(variants, name: name, alias: alias, key: key).version
        }
        let versionKey = VersionKey(name: name, version: number)
        if let hit = compiled.withLock({ $0[versionKey] }) { return hit }
        let version = try self.version(name: name, .version(number))
        let prompt = try CompiledPrompt(name: name, version: number, content: version.content, maxTemplateBytes: Int.max)
        compiled.withLock { $0[versionKey] = prompt }
        return prompt
    }

    /// Which version a caller key gets from an alias (a plain alias always gives its one version).
    public func pickVariant(name: String, alias: String, key: String) throws -> VariantPick {
        let variants = try cachedVariants(name: name, alias: alias)
        let (variant, point) = TrafficSplit.pick(variants, seed: "\(name)@\(alias)", key: key)
        return VariantPick(name: name, alias: alias, version: variant.version, variants: variants, point: point)
    }

    func choose(_ variants: [AliasVariant], name: String, alias: String, key: String?) throws -> AliasVariant {
        if variants.count == 1 { return variants[0] }
        guard let key, !key.isEmpty else {
            throw PromptError.invalid("alias '\(alias)' of '\(name)' splits traffic (\(Self.describe(variants))): pass a caller key to pick a version")
        }
        return TrafficSplit.pick(variants, seed: "\(name)@\(alias)", key: key).variant
    }

    func cachedVariants(name: String, alias: String) throws -> [AliasVariant] {
        let resolutionKey = ResolutionKey(name: name, alias: alias)
        let now = monotonicNanos()
        // Within the recheck interval of a check that found the file unchanged, the cache answers
        // without asking SQLite at all.
        let recent: (hit: [AliasVariant]?, changeCount: Int64?) = cache.withLock { cache in
            guard cache.changeCount != nil, now &- cache.checkedAt < recheckNanos else { return (nil, nil) }
            return (cache.targets[resolutionKey], cache.changeCount)
        }
        if let hit = recent.hit { return hit }
        var changeCount = recent.changeCount
        if changeCount == nil {
            changeCount = watcher.current()
            let hit: [AliasVariant]? = cache.withLock { cache in
                if changeCount == nil || cache.changeCount != changeCount {
                    cache.targets.removeAll(keepingCapacity: true)
                    cache.changeCount = changeCount
                }
                cache.checkedAt = now
                return cache.targets[resolutionKey]
            }
            if let hit { return hit }
        }
        let variants = try database.read { db in
            let promptID = try self.promptID(db, name)
            return try self.storedVariants(db, promptID: promptID, name: name, alias: alias)
        }
        cache.withLock { cache in
            // Only keep it if nothing was committed meanwhile; a later reader fills it again.
            if changeCount != nil, cache.changeCount == changeCount { cache.targets[resolutionKey] = variants }
        }
        return variants
    }

    /// Forgets every cached resolution; the next one asks SQLite again.
    func invalidateResolutions() {
        cache.withLock { cache in
            cache.changeCount = nil
            cache.targets.removeAll(keepingCapacity: true)
        }
    }

    /// The variants of an alias as stored (`latest` is the newest version).
    func storedVariants(_ db: Database, promptID: Int64, name: String, alias: String) throws -> [AliasVariant] {
        if alias == "latest" {
            let latest = try Int.fetchOne(db, sql: "SELECT max(version) FROM versions WHERE prompt_id = ?", arguments: [promptID]) ?? 0
            return [AliasVariant(version: latest)]
        }
        guard let variants = try currentVariants(db, promptID: promptID, alias: alias) else {
            let aliases = try String.fetchAll(db, sql: "SELECT alias FROM aliases WHERE prompt_id = ? ORDER BY alias", arguments: [promptID])
            let list = aliases.isEmpty ? "none" : aliases.joined(separator: ", ")
            throw PromptError.notFound("prompt '\(name)' has no alias '\(Names.shown(alias))' (aliases: \(list); 'latest' is implicit)")
        }
        return variants
    }

    /// Resolves a selector inside a read or write transaction.
    func resolve(_ db: Database, promptID: Int64, name: String, _ selector: VersionSelector, key: String?) throws -> Int {
        switch selector {
        case .version(let number): return number
        case .latest: return try storedVariants(db, promptID: promptID, name: name, alias: "latest")[0].version
        case .alias(let alias):
            let variants = try storedVariants(db, promptID: promptID, name: name, alias: alias)
            return try choose(variants, name: name, alias: alias, key: key).version
        }
    }
}

/// Monotonic nanoseconds, for the recheck interval.
func monotonicNanos() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
}
