import AIPLocking

/// `TokenStore` with a memory of tokens that verified: SHA-256 of the token on every request was
/// the largest cost of a small call. A presented token is looked up by a fast hash of its bytes and
/// then compared to the remembered token in constant time; only tokens that verified are
/// remembered (an unknown token always pays the SHA-256, so guessing cannot fill the cache), and
/// at most `capacity` of them. A new token list means a new verifier, so nothing outlives a
/// reconfiguration.
public final class TokenVerifier: Sendable {
    public let store: TokenStore
    public let capacity: Int
    private let verified = Locked<[Int: Remembered]>([:])

    private struct Remembered: Sendable {
        let token: [UInt8]
        let entry: TokenEntry
    }

    public init(_ store: TokenStore, capacity: Int = 256) {
        self.store = store
        self.capacity = max(capacity, 1)
    }

    public var isEmpty: Bool { store.isEmpty }

    /// Tokens remembered now (for tests).
    public var rememberedCount: Int { verified.withLock { $0.count } }

    public func authenticate(authorization: String?) -> TokenStore.Outcome {
        guard var header = authorization else { return .missing }
        return header.withUTF8 { bytes in
            guard let token = TokenStore.bearerToken(in: bytes) else { return .missing }
            return authenticate(token: token)
        }
    }

    private func authenticate(token: UnsafeBufferPointer<UInt8>) -> TokenStore.Outcome {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(token))
        let key = hasher.finalize()
        let remembered = verified.withLock { $0[key] }
        if let remembered, TokenStore.constantTimeEqual(remembered.token, token) { return .accepted(remembered.entry) }
        guard let entry = store.verify(token) else { return .unknown }
        verified.withLock { cache in
            // Full: forget an arbitrary one; an evicted token just pays the SHA-256 once more.
            if cache[key] == nil, cache.count >= capacity, let victim = cache.keys.first { cache[victim] = nil }
            cache[key] = Remembered(token: Array(token), entry: entry)
        }
        return .accepted(entry)
    }
}
