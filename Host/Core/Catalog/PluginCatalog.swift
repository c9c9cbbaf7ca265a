import Foundation

/// What the host remembers about a plugin file without loading it.
public struct CatalogEntry: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable { case ok, refused, quarantined }

    public var path: String
    public var size: Int64
    public var modifiedNanos: Int64
    public var status: Status
    /// Set when the descriptor could be read.
    public var plugin: PluginSummary?
    public var configSchema: String?
    /// Why the file was refused or quarantined.
    public var reason: String?
    public var stage: PluginRefusal.Stage?
}

/// The on-disk plugin registry cache, keyed by path + size + mtime: start-up re-inspects only new
/// or changed files, and a file that crashed its probe stays quarantined until it changes.
public struct PluginCatalog: Sendable {
    public private(set) var entries: [String: CatalogEntry]
    public let file: String

    struct Stored: Codable {
        var version: Int
        var entries: [CatalogEntry]
    }

    static let formatVersion = 1

    /// Reads the cache; a missing, unreadable or foreign file just means "nothing cached".
    public static func load(from file: String) -> PluginCatalog {
        guard let data = FileManager.default.contents(atPath: file),
              let stored = try? JSONDecoder().decode(Stored.self, from: data),
              stored.version == formatVersion else {
            return PluginCatalog(entries: [:], file: file)
        }
        return PluginCatalog(entries: Dictionary(stored.entries.map { ($0.path, $0) }, uniquingKeysWith: { $1 }), file: file)
    }

    /// Writes atomically (temp file + rename) so a crash never leaves half a cache.
    public func save() throws {
        let directory = URL(fileURLWithPath: file).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(Stored(version: Self.formatVersion, entries: entries.values.sorted { $0.path < $1.path }))
        let temporary = file + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary])
        }
        guard rename(temporary, file) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file, NSLocalizedDescriptionKey: reason])
        }
    }

    /// (size, mtime in ns) of a file, or nil when it cannot be read.
    public static func fingerprint(_ path: String) -> (size: Int64, modifiedNanos: Int64)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (Int64(info.st_size), Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
    }

    /// The cached entry when the file is unchanged since it was recorded.
    public func current(_ path: String) -> CatalogEntry? {
        guard let entry = entries[path], let (size, modified) = Self.fingerprint(path),
              entry.size == size, entry.modifiedNanos == modified else { return nil }
        return entry
    }

    public mutating func record(_ entry: CatalogEntry) {
        entries[entry.path] = entry
    }

    /// Drops entries for files that no longer exist.
    public mutating func prune(keeping paths: Set<String>) {
        entries = entries.filter { paths.contains($0.key) }
    }

    /// Brings the catalog up to date for `paths`, probing only new or changed files with `prober`.
    /// Returns the entries for `paths` in order.
    public mutating func refresh(_ paths: [String], prober: PluginProber) -> [CatalogEntry] {
        let stale = paths.filter { current($0) == nil }
        if !stale.isEmpty {
            for entry in prober.probe(stale) { record(entry) }
        }
        return paths.compactMap { entries[$0] }
    }
}
