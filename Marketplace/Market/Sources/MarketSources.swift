import AIPConfig
import AIPMarketIndex
import Foundation

/// The configured marketplaces: fetching and verifying their indexes (`update`) and reading the
/// accepted copies back (`catalogue`). An index is stored only after it passed every check, so
/// what search and install read is always something a trusted key signed.
public struct MarketSources: Sendable {
    public static let maximumIndexSize = 32 * 1024 * 1024

    public let settings: [String: MarketplaceSettings]
    public let home: MarketHome
    public let state: MarketState
    public let transport: any MarketTransport
    /// `--allow-unsigned` for this run.
    public let allowUnsigned: Bool
    public let compatibility: Compatibility

    public init(settings: [String: MarketplaceSettings], home: MarketHome, state: MarketState,
                transport: any MarketTransport, allowUnsigned: Bool = false, compatibility: Compatibility = Compatibility()) {
        self.settings = settings
        self.home = home
        self.state = state
        self.transport = transport
        self.allowUnsigned = allowUnsigned
        self.compatibility = compatibility
    }

    public struct UpdateResult: Sendable {
        public let marketplace: String
        public let outcome: Result<IndexTrustPolicy.Accepted, MarketError>
    }

    /// Fetches every marketplace's index; one failing does not stop the others.
    public func update(now: Timestamp = .now) -> [UpdateResult] {
        settings.keys.sorted().map { name in
            UpdateResult(marketplace: name, outcome: Result { () throws(MarketError) in try update(name, now: now) })
        }
    }

    private func update(_ name: String, now: Timestamp) throws(MarketError) -> IndexTrustPolicy.Accepted {
        guard let entry = settings[name] else { throw MarketError("no marketplace named \(name) is configured") }
        let (bytes, signature) = try download(name, entry: entry)
        return try store(name, entry: entry, bytes: bytes, signature: signature, now: now)
    }

    /// The index and its signature (nil when the server has none), or a transport error.
    private func download(_ name: String, entry: MarketplaceSettings) throws(MarketError) -> ([UInt8], [UInt8]?) {
        guard let bytes = try transport.fetchDocument(url: entry.url, maxSize: Self.maximumIndexSize) else {
            throw MarketError("marketplace \(name): \(entry.url) does not exist (HTTP 404 or no such file)")
        }
        return (bytes, try transport.fetchDocument(url: entry.url + IndexSignature.fileSuffix, maxSize: 64 * 1024))
    }

    /// Verifies a downloaded index and, once accepted, keeps it as the marketplace's current one.
    private func store(_ name: String, entry: MarketplaceSettings, bytes: [UInt8], signature: [UInt8]?,
                       now: Timestamp) throws(MarketError) -> IndexTrustPolicy.Accepted {
        let accepted = try accept(name, entry: entry, bytes: bytes, signature: signature, now: now)
        let directory = home.indexDirectory(of: name)
        if let signature { try AtomicFile.write(signature, to: "\(directory)/index.json.sig") } else {
            try? FileManager.default.removeItem(atPath: "\(directory)/index.json.sig")
        }
        try AtomicFile.write(bytes, to: "\(directory)/index.json")
        try state.recordSeen(name, SeenIndex(version: accepted.index.version, sha256: accepted.sha256, seenAt: now))
        return accepted
    }

    private func accept(_ name: String, entry: MarketplaceSettings, bytes: [UInt8], signature: [UInt8]?,
                        now: Timestamp) throws(MarketError) -> IndexTrustPolicy.Accepted {
        var keys: [TrustedKey] = []
        for (offset, text) in entry.keys.enumerated() {
            do {
                keys.append(try TrustedKey(parsing: text))
            } catch {
                throw MarketError("config: marketplaces.\(name).keys[\(offset)]: \(error.description)")
            }
        }
        let policy = IndexTrustPolicy(marketplace: name, trustedKeys: keys, allowUnsigned: allowUnsigned || entry.allowUnsigned,
                                      lastSeen: try state.seenIndex(name), now: now)
        do {
            return try policy.accept(index: bytes, signature: signature, source: entry.url)
        } catch {
            throw MarketError("marketplace \(name): \(error.description)")
        }
    }

    /// The accepted indexes, re-checked (keys may have changed, and expiry still applies), merged.
    /// A marketplace never updated is fetched first when `fetchMissing` is set. With `refresh`,
    /// every index is fetched anew; when a server cannot be reached the stored copy is used (and
    /// `warn` says so), but an index that fails verification is always an error.
    public func catalogue(fetchMissing: Bool = true, refresh: Bool = false, warn: (String) -> Void = { _ in },
                          now: Timestamp = .now) throws(MarketError) -> Catalogue {
        guard !settings.isEmpty else {
            throw MarketError("no marketplace is configured: add one with `aip market add NAME URL --key ed25519:...`")
        }
        var indexes: [(marketplace: String, url: String, index: MarketIndex)] = []
        for name in settings.keys.sorted() {
            guard let entry = settings[name] else { continue }
            let directory = home.indexDirectory(of: name)
            if refresh {
                do {
                    let (bytes, signature) = try download(name, entry: entry)
                    indexes.append((name, entry.url, try store(name, entry: entry, bytes: bytes, signature: signature, now: now).index))
                    continue
                } catch {
                    guard FileManager.default.fileExists(atPath: "\(directory)/index.json") else { throw error }
                    warn("marketplace \(name): cannot fetch its index (\(error.description)); using the copy fetched before")
                }
            }
            guard let data = FileManager.default.contents(atPath: "\(directory)/index.json") else {
                guard fetchMissing else {
                    throw MarketError("marketplace \(name) has not been fetched yet: run `aip market update`")
                }
                indexes.append((name, entry.url, try update(name, now: now).index))
                continue
            }
            let signature = FileManager.default.contents(atPath: "\(directory)/index.json.sig").map { Array($0) }
            indexes.append((name, entry.url, try accept(name, entry: entry, bytes: Array(data), signature: signature, now: now).index))
        }
        return Catalogue(indexes: indexes, compatibility: compatibility)
    }
}
