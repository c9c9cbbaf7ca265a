import AIPConfig
import AIPHost
import AIPMarket
import AIPMarketIndex
import ArgumentParser
import Foundation

struct MarketAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add (or change) a marketplace in the host config, with the key trusted to sign its index.",
        discussion: "Writes marketplaces.NAME into the config file ($AIP_HOME/config.json unless --config names another).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A name for the marketplace.") var name: String
    @Argument(help: "The index URL: file://, http:// or https://.") var url: String
    @Option(name: .customLong("key"), help: "A trusted public key, ed25519:BASE64 (repeat for several).") var keys: [String] = []
    @Flag(name: .customLong("allow-unsigned"), help: "DEVELOPMENT ONLY: always accept this marketplace's index unsigned.")
    var allowUnsigned = false
    @OptionGroup var change: MarketChangeOptions

    func validate() throws {
        guard name.range(of: "^[a-z0-9][a-z0-9._-]*$", options: .regularExpression) != nil else {
            throw ValidationError("marketplace names use lower-case letters, digits, '.', '_' and '-' (got \(name))")
        }
        guard ["file://", "http://", "https://"].contains(where: url.hasPrefix) else {
            throw ValidationError("the URL must start with file://, http:// or https:// (got \(url))")
        }
        for key in keys {
            do { _ = try TrustedKey(parsing: key) } catch { throw ValidationError(error.description) }
        }
        if keys.isEmpty && !allowUnsigned {
            throw ValidationError("give the key that signs this marketplace's index with --key ed25519:... (or, for local development only, --allow-unsigned)")
        }
    }

    func run() throws {
        let home = PluginPaths.home(flag: global.home, environment: global.environment)
        let file = global.config.map { PluginPaths.absolute($0) } ?? global.environment["AIP_CONFIG"].map { PluginPaths.absolute($0) }
            ?? "\(home)/config.json"
        var entry: [String: JSONValue] = ["url": .string(url), "keys": .array(keys.map(JSONValue.string))]
        if allowUnsigned {
            entry["allow_unsigned"] = .bool(true)
            Output.error("WARNING: marketplace \(name) will be trusted without signatures; use this only for local development")
        }
        if change.dryRun {
            let text = JSONValue.object(["marketplaces": .object([name: .object(entry)])]).serialized(pretty: true)
            return Output.line("would write into \(file):\n\(text)\n(dry run: nothing was changed)")
        }
        try MarketContext.run {
            try ConfigFileEditor.set(["marketplaces", name], to: .object(entry), in: file, environment: global.environment)
        }
        if global.json {
            Output.json(["ok": "true", "config": file, "marketplace": name])
        } else {
            Output.line("added marketplace \(name) (\(url)) to \(file); run `aip market update` to fetch its index")
        }
    }
}

struct MarketUpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Fetch and verify every marketplace's index.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var trust: MarketTrustOptions

    struct Row: Encodable {
        let marketplace: String
        let ok: Bool
        let version: Int64?
        let packages: Int?
        let expires: String?
        let signedBy: String?
        let error: String?
        enum CodingKeys: String, CodingKey { case marketplace, ok, version, packages, expires, signedBy = "signed_by", error }
    }

    func run() throws {
        let context = try MarketContext(global: global, allowUnsigned: trust.allowUnsigned)
        guard !context.marketplace.sources.settings.isEmpty else {
            Output.error("no marketplace is configured: add one with `aip market add NAME URL --key ed25519:...`")
            throw ExitCode(1)
        }
        let rows = context.marketplace.sources.update().map { result -> Row in
            switch result.outcome {
            case .success(let accepted):
                return Row(marketplace: result.marketplace, ok: true, version: accepted.index.version,
                           packages: accepted.index.packages.count, expires: accepted.index.expires,
                           signedBy: accepted.signedBy?.fingerprint, error: nil)
            case .failure(let error):
                return Row(marketplace: result.marketplace, ok: false, version: nil, packages: nil, expires: nil,
                           signedBy: nil, error: error.description)
            }
        }
        if global.json {
            Output.json(rows)
        } else {
            for row in rows {
                if row.ok {
                    Output.line("\(row.marketplace): index version \(row.version ?? 0), \(row.packages ?? 0) packages, expires \(row.expires ?? "?")"
                                + (row.signedBy.map { ", signed by \($0)" } ?? ", UNSIGNED"))
                } else {
                    Output.error(row.error ?? "failed")
                }
            }
        }
        if rows.contains(where: { !$0.ok }) { throw ExitCode(1) }
    }
}

struct MarketSearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search packages by name, description or capability.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var trust: MarketTrustOptions
    @Argument(help: "The term.") var term: String

    struct Row: Encodable {
        let name: String
        let newest: String?
        let marketplace: String
        let description: String
    }

    func run() throws {
        let context = try MarketContext(global: global, allowUnsigned: trust.allowUnsigned)
        let found = try MarketContext.run { try context.marketplace.search(term) }
        let rows = found.map { Row(name: $0.info.name, newest: $0.newest?.version.description, marketplace: $0.info.marketplace,
                                   description: $0.info.description) }
        if global.json { return Output.json(rows) }
        guard !rows.isEmpty else { return Output.line("no package matches \(term.debugDescription)") }
        Output.table(["NAME", "NEWEST", "MARKETPLACE", "DESCRIPTION"],
                     rows.map { [$0.name, $0.newest ?? "-", $0.marketplace, $0.description] })
    }
}

struct MarketInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show a package: its versions, what each needs and provides, and what is installed.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var trust: MarketTrustOptions
    @Argument(help: "The package.") var package: String

    struct Version: Encodable {
        let version: String
        let archive: String
        let sha256: String
        let size: Int64
        let abi: String
        let host: String
        let platform: String
        let swiftToolchain: String?
        let requires: [String]
        let provides: [String]
        let yanked: Bool
        let yankReason: String?
        let compatible: Bool
        let incompatibility: String?
        enum CodingKeys: String, CodingKey {
            case version, archive, sha256, size, abi, host, platform, swiftToolchain = "swift_toolchain", requires, provides
            case yanked, yankReason = "yank_reason", compatible, incompatibility
        }
    }

    struct Info: Encodable {
        let name: String
        let description: String
        let license: String
        let homepage: String?
        let marketplace: String
        let installed: String?
        let pinned: Bool
        let versions: [Version]
        let history: [String]
    }

    func run() throws {
        let context = try MarketContext(global: global, allowUnsigned: trust.allowUnsigned)
        let details = try MarketContext.run { try context.marketplace.info(package) }
        let info = Info(
            name: details.info.name, description: details.info.description, license: details.info.license,
            homepage: details.info.homepage, marketplace: details.info.marketplace,
            installed: details.installed?.version.description, pinned: details.installed?.pinned ?? false,
            versions: details.offers.map { offer in
                Version(version: offer.version.description, archive: offer.archiveURL, sha256: offer.release.sha256,
                        size: offer.release.size, abi: offer.release.abi.text, host: offer.release.host.text,
                        platform: offer.release.platform, swiftToolchain: offer.release.swiftToolchain,
                        requires: offer.release.requires.map { "\($0.name) \($0.range)" }, provides: offer.release.provides,
                        yanked: offer.release.yanked, yankReason: offer.release.yankReason,
                        compatible: offer.incompatibility == nil, incompatibility: offer.incompatibility)
            },
            history: details.history.map { "\($0.at) \($0.action.rawValue) \($0.fromVersion?.description ?? "-") -> \($0.toVersion?.description ?? "-")" })
        if global.json { return Output.json(info) }
        Output.line("\(info.name): \(info.description)")
        Output.line("  license:     \(info.license)")
        if let homepage = info.homepage { Output.line("  homepage:    \(homepage)") }
        Output.line("  marketplace: \(info.marketplace)")
        Output.line("  installed:   \(info.installed.map { $0 + (info.pinned ? " (pinned)" : "") } ?? "no")")
        Output.line("  versions:")
        for version in info.versions {
            var notes: [String] = []
            if version.yanked { notes.append("yanked" + (version.yankReason.map { ": \($0)" } ?? "")) }
            if let reason = version.incompatibility { notes.append("cannot run here: \(reason)") }
            Output.line("    \(version.version)\(notes.isEmpty ? "" : "  [" + notes.joined(separator: "; ") + "]")")
            if !version.requires.isEmpty { Output.line("      requires: \(version.requires.joined(separator: ", "))") }
            if !version.provides.isEmpty { Output.line("      provides: \(version.provides.joined(separator: ", "))") }
        }
        if !info.history.isEmpty {
            Output.line("  history:")
            for line in info.history { Output.line("    \(line)") }
        }
    }
}
