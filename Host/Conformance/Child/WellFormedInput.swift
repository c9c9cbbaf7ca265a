import AIPHost

/// The least a capability must cope with: `{}` for a message capability (what an empty payload
/// means anyway), zeros of the right types for a native one.
enum WellFormedInput {
    static func `for`(_ signature: NativeSignature?) -> [UInt8] {
        Array((signature.map(NativeArguments.zeros(for:)) ?? "{}").utf8)
    }
}
