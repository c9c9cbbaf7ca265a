import AIPConfig
import AIPVersioning
import Foundation

/// `aip.lock`: the exact result of the last resolution — every installed package with its version,
/// marketplace, archive URL and sha256 — so another home (or this one, later) can reproduce the
/// install with `aip market install --locked`. Written with sorted keys and no time stamps, so the
/// same install always gives the same bytes.
public struct Lockfile: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var version: SemanticVersion
        public var marketplace: String
        public var archiveURL: String
        public var sha256: String
        public var explicit: Bool
        public var requires: [String]

        public init(version: SemanticVersion, marketplace: String, archiveURL: String, sha256: String,
                    explicit: Bool, requires: [String]) {
            self.version = version
            self.marketplace = marketplace
            self.archiveURL = archiveURL
            self.sha256 = sha256
            self.explicit = explicit
            self.requires = requires
        }
    }

    public static let fileName = "aip.lock"
    public static let currentVersion: Int64 = 1
    public var packages: [String: Entry]

    public init(packages: [String: Entry]) {
        self.packages = packages
    }

    public func serialized() -> String {
        var members: [String: JSONValue] = [:]
        for (name, entry) in packages {
            members[name] = .object([
                "version": .string(entry.version.description), "marketplace": .string(entry.marketplace),
                "archive": .string(entry.archiveURL), "sha256": .string(entry.sha256),
                "explicit": .bool(entry.explicit), "requires": .array(entry.requires.sorted().map(JSONValue.string)),
            ])
        }
        let document: JSONValue = .object(["lock_version": .int(Self.currentVersion), "packages": .object(members)])
        return document.serialized(pretty: true, sortedKeys: true) + "\n"
    }

    public static func load(path: String) throws(MarketError) -> Lockfile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MarketError("cannot read the lockfile \(path): it does not exist (run `aip market install` once to write it)")
        }
        let document: JSONValue
        do {
            document = try JSONParser.parse(String(decoding: data, as: UTF8.self), source: path)
        } catch {
            throw MarketError("\(error.description)")
        }
        func fail(_ field: String, _ reason: String) -> MarketError { MarketError("\(path): \(field): \(reason)") }
        guard document["lock_version"]?.int64Value == currentVersion else {
            throw fail("lock_version", "must be \(currentVersion); this lockfile was written by another version of aip")
        }
        guard let members = document["packages"]?.objectValue else { throw fail("packages", "must be an object") }
        var packages: [String: Entry] = [:]
        for (name, value) in members {
            let field = "packages.\(name)"
            guard let text = value["version"]?.stringValue, let version = try? SemanticVersion(parsing: text) else {
                throw fail(field + ".version", "must be a semantic version")
            }
            guard let marketplace = value["marketplace"]?.stringValue, let archive = value["archive"]?.stringValue,
                  let sha256 = value["sha256"]?.stringValue, sha256.count == 64 else {
                throw fail(field, "needs marketplace, archive and a 64-character sha256")
            }
            packages[name] = Entry(version: version, marketplace: marketplace, archiveURL: archive, sha256: sha256,
                                   explicit: value["explicit"]?.boolValue ?? true,
                                   requires: (value["requires"]?.arrayValue ?? []).compactMap(\.stringValue))
        }
        return Lockfile(packages: packages)
    }
}
