/// Weighted A/B splits that are sticky per caller key: the same key always lands on the same
/// version while the split is unchanged, in every process, because the bucket comes from a
/// fixed hash (FNV-1a, then a SplitMix64 finaliser) rather than Swift's per-process seeded one.
public enum TrafficSplit {
    public static let maxVariants = 100

    public static func validate(_ variants: [AliasVariant], field: String = "variants") throws {
        guard !variants.isEmpty else { throw PromptError.invalid("\(field) must name at least one version") }
        guard variants.count <= maxVariants else { throw PromptError.invalid("\(field) may hold at most \(maxVariants) versions") }
        var seen: Set<Int> = []
        for (index, variant) in variants.enumerated() {
            guard variant.version >= 1 else { throw PromptError.invalid("\(field)[\(index)].version must be 1 or more, got \(variant.version)") }
            guard seen.insert(variant.version).inserted else {
                throw PromptError.invalid("\(field)[\(index)]: version \(variant.version) appears twice")
            }
            guard variant.weight.isFinite, variant.weight >= 0 else {
                throw PromptError.invalid("\(field)[\(index)].weight must be a finite number of 0 or more, got \(variant.weight)")
            }
        }
        guard variants.reduce(0, { $0 + $1.weight }) > 0 else { throw PromptError.invalid("\(field): the weights add up to 0") }
    }

    /// The variant for `key`, and the key's point in [0, 1) that chose it.
    public static func pick(_ variants: [AliasVariant], seed: String, key: String) -> (variant: AliasVariant, point: Double) {
        let point = unitPoint(seed: seed, key: key)
        let total = variants.reduce(0) { $0 + $1.weight }
        var cumulative = 0.0
        for variant in variants where variant.weight > 0 {
            cumulative += variant.weight
            if point * total < cumulative { return (variant, point) }
        }
        // Rounding can leave the very top of the range uncovered; it belongs to the last variant.
        return (variants.last { $0.weight > 0 } ?? variants[variants.count - 1], point)
    }

    static func unitPoint(seed: String, key: String) -> Double {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        for byte in seed.utf8 { mix(byte) }
        mix(0xFF)  // never in UTF-8: keeps ("ab", "c") apart from ("a", "bc")
        for byte in key.utf8 { mix(byte) }
        hash = (hash ^ (hash >> 30)) &* 0xbf58_476d_1ce4_e5b9
        hash = (hash ^ (hash >> 27)) &* 0x94d0_49bb_1331_11eb
        hash ^= hash >> 31
        return Double(hash >> 11) / Double(UInt64(1) << 53)
    }
}
