import AIPHost

/// Builds the fuzz inputs for one capability from a seed.
public enum FuzzCorpus {
    /// Input number `index` for `capability` (`signature` set for a native capability). The first
    /// inputs go through every kind once, so even a short run sends each; later ones draw a kind.
    public static func input(seed: UInt64, capability: String, signature: NativeSignature?, index: Int) -> FuzzInput {
        var random = SeededRandom(seed: seed, capability: capability, index: index)
        let kinds = signature == nil ? FuzzKind.messageKinds : [.typedArguments] + FuzzKind.messageKinds
        let kind: FuzzKind
        if index < kinds.count {
            kind = kinds[index]
        } else if let signature, random.chance(1, in: 2), !signature.arguments.isEmpty {
            // Half of a native capability's inputs pass the host's type check: only those reach
            // the C function, the rest exercise the host's argument conversion.
            kind = .typedArguments
        } else {
            // There is only one empty payload: sending it again would test nothing new.
            kind = random.element(of: kinds.filter { $0 != .empty })
        }
        var noise = JSONNoise(random: random)
        let bytes: [UInt8]
        switch kind {
        case .empty: bytes = []
        case .truncatedJSON: bytes = noise.truncatedDocument()
        case .wrongTypes: bytes = noise.wrongTypes()
        case .hugeString: bytes = noise.hugeValue()
        case .deepNesting: bytes = noise.deepNesting()
        case .invalidUTF8: bytes = noise.invalidUTF8()
        case .binaryNoise: bytes = noise.binaryNoise()
        case .mutatedJSON: bytes = noise.mutatedDocument()
        case .extremeValues: bytes = noise.extremeValues()
        case .typedArguments: bytes = NativeArguments.edgeValues(for: signature ?? NativeSignature(result: .void, arguments: []), noise: &noise)
        }
        return FuzzInput(index: index, kind: kind, bytes: bytes)
    }
}
