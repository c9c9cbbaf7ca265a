import AIPMarket
import ArgumentParser

struct MarketListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List installed packages; --outdated lists those with a newer compatible version.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var trust: MarketTrustOptions
    @Flag(name: .customLong("outdated"), help: "Only packages with a newer compatible version.") var outdated = false

    struct Row: Encodable {
        let name: String
        let version: String
        let newest: String?
        let marketplace: String
        let pinned: Bool
        let explicit: Bool
        let enabled: Bool
    }

    func run() throws {
        let context = try MarketContext(global: global, allowUnsigned: trust.allowUnsigned)
        let listed = try MarketContext.run { try context.marketplace.list(outdated: outdated) }
        let rows = listed.map { Row(name: $0.package.name, version: $0.package.version.description, newest: $0.newer?.description,
                                    marketplace: $0.package.marketplace, pinned: $0.package.pinned,
                                    explicit: $0.package.explicit, enabled: $0.package.enabled) }
        if global.json { return Output.json(rows) }
        guard !rows.isEmpty else { return Output.line(outdated ? "everything is up to date" : "no packages installed") }
        Output.table(["NAME", "VERSION", "NEWER", "MARKETPLACE", "NOTES"], rows.map { row in
            [row.name, row.version, row.newest ?? "-", row.marketplace,
             [row.pinned ? "pinned" : nil, row.explicit ? nil : "dependency"].compactMap { $0 }.joined(separator: ", ")]
        })
    }
}

struct MarketVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-hash every installed file against the checksums it shipped with (exit 1 on any difference).")

    @OptionGroup var global: GlobalOptions

    struct Row: Encodable {
        let name: String
        let version: String
        let ok: Bool
        let problems: [String]
    }

    func run() throws {
        let context = try MarketContext(global: global)
        let reports = try MarketContext.run { try context.marketplace.verify() }
        let rows = reports.map { Row(name: $0.name, version: $0.version.description, ok: $0.ok, problems: $0.problems) }
        if global.json {
            Output.json(rows)
        } else {
            for row in rows {
                Output.line("\(row.ok ? "ok  " : "FAIL") \(row.name) \(row.version)")
                for problem in row.problems { Output.line("     \(problem)") }
            }
            if rows.isEmpty { Output.line("no packages installed") }
        }
        if rows.contains(where: { !$0.ok }) { throw ExitCode(1) }
    }
}
