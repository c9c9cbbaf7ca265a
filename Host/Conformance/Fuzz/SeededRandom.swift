/// A small deterministic generator (SplitMix64). The conformance suite implements its own bounded
/// draws instead of `Int.random(in:using:)`, whose algorithm the standard library may change: a seed
/// printed today must reproduce the same inputs with tomorrow's toolchain.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    /// The generator for one input: derived from the run's seed, the capability and the input's
    /// index alone, so any single input can be rebuilt without replaying the ones before it.
    init(seed: UInt64, capability: String, index: Int) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 // FNV-1a over the capability name
        for byte in capability.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        state = seed &+ hash &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03
        _ = next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `range`; the modulo bias is irrelevant for fuzzing.
    mutating func int(in range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next() % span)
    }

    mutating func chance(_ numerator: Int, in denominator: Int) -> Bool {
        int(in: 1...denominator) <= numerator
    }

    mutating func element<T>(of items: [T]) -> T {
        items[int(in: 0...(items.count - 1))]
    }

    mutating func byte() -> UInt8 {
        UInt8(truncatingIfNeeded: next())
    }
}
