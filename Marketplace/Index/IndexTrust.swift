import Crypto

/// What a host remembers of the newest index it accepted from a marketplace, to refuse rollbacks.
public struct SeenIndex: Sendable, Equatable {
    public let version: Int64
    public let sha256: String
    public let seenAt: Timestamp

    public init(version: Int64, sha256: String, seenAt: Timestamp) {
        self.version = version
        self.sha256 = sha256
        self.seenAt = seenAt
    }
}

/// Decides whether a downloaded index may be used. The checks guard against the three ways a
/// hostile mirror or network can hurt a host: tampering (signature by a trusted key over the exact
/// bytes), freezing (an expiry date), and rollback to an older index with known-vulnerable
/// versions (never below, nor a different file at, the newest version already seen).
public struct IndexTrustPolicy: Sendable {
    public var marketplace: String
    public var trustedKeys: [TrustedKey]
    /// Development only: accept an index without a signature (a bad signature is still refused).
    public var allowUnsigned: Bool
    public var lastSeen: SeenIndex?
    public var now: Timestamp

    public init(marketplace: String, trustedKeys: [TrustedKey], allowUnsigned: Bool = false,
                lastSeen: SeenIndex? = nil, now: Timestamp = .now) {
        self.marketplace = marketplace
        self.trustedKeys = trustedKeys
        self.allowUnsigned = allowUnsigned
        self.lastSeen = lastSeen
        self.now = now
    }

    public struct Accepted: Sendable {
        public let index: MarketIndex
        public let sha256: String
        /// The trusted key whose signature verified; nil when accepted unsigned.
        public let signedBy: TrustedKey?
    }

    /// Verifies, parses and checks an index. `signature` is the `.sig` file's bytes, nil when the
    /// marketplace serves none.
    public func accept(index bytes: [UInt8], signature: [UInt8]?, source: String) throws(MarketIndexError) -> Accepted {
        func refuse(_ reason: String) -> MarketIndexError { MarketIndexError(source: source, reason: reason) }
        let signer: TrustedKey?
        if let signature {
            let parsed = try IndexSignature.parse(signature, source: source + IndexSignature.fileSuffix)
            let fromTrusted = parsed.entries.filter { trustedKeys.contains($0.key) }
            guard !fromTrusted.isEmpty else {
                let signers = parsed.entries.map { "\($0.key) (\($0.key.fingerprint))" }.joined(separator: ", ")
                let trusted = trustedKeys.isEmpty ? "none configured; add one with `aip market add \(marketplace) URL --key ed25519:...`"
                    : trustedKeys.map(\.fingerprint).joined(separator: ", ")
                throw refuse("is signed only by keys marketplace \(marketplace) does not trust: \(signers); trusted keys: \(trusted)")
            }
            guard let valid = fromTrusted.first(where: { $0.key.isValidSignature($0.signature, for: bytes) }) else {
                throw refuse("its signature by trusted key \(fromTrusted[0].key.fingerprint) does not match its contents: the index was modified after it was signed (tampering, or a corrupted download); refusing it")
            }
            signer = valid.key
        } else {
            guard allowUnsigned else {
                throw refuse("is not signed (no \(IndexSignature.fileSuffix) file next to it); refusing it. Only for local development: --allow-unsigned")
            }
            signer = nil
        }

        let index = try MarketIndex.parse(bytes, source: source)
        if let expires = Timestamp(rfc3339: index.expires), expires < now {
            let days = (now.secondsSinceEpoch - expires.secondsSinceEpoch) / 86_400
            throw refuse("expired at \(index.expires) (\(days) day\(days == 1 ? "" : "s") ago): a mirror may be serving a frozen copy that hides newer releases; ask the publisher to re-sign it")
        }
        let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        if let lastSeen {
            if index.version < lastSeen.version {
                throw refuse("has version \(index.version), older than version \(lastSeen.version) already accepted at \(lastSeen.seenAt): a mirror may be replaying an old index (rollback attack); refusing it")
            }
            if index.version == lastSeen.version, digest != lastSeen.sha256 {
                throw refuse("has version \(index.version), the version already accepted at \(lastSeen.seenAt), but different contents: the publisher must raise the version with every change; refusing it")
            }
        }
        return Accepted(index: index, sha256: digest, signedBy: signer)
    }
}
