import AIPMarket
import AIPVersioning
import ArgumentParser

struct MarketInstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install packages (NAME or NAME@RANGE) with everything they require.",
        discussion: """
        Already-installed packages stay at their versions unless a requirement forces a change. \
        --locked installs exactly what $AIP_HOME/aip.lock records (versions and archive hashes) and \
        removes anything else, reproducing another home byte for byte.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var trust: MarketTrustOptions
    @OptionGroup var change: MarketChangeOptions
    @Flag(name: .customLong("locked"), help: "Install exactly what aip.lock records.") var locked = false
    @Argument(help: "Packages: NAME or NAME@RANGE (e.g. greeter@^1.2).") var packages: [String] = []

    func validate() throws {
        if locked && !packages.isEmpty { throw ValidationError("--locked installs what aip.lock records; name no packages") }
        if !locked && packages.isEmpty { throw ValidationError("name at least one package, or use --locked") }
    }

    func run() throws {
        try change.apply(global, allowUnsigned: trust.allowUnsigned) { marketplace, dryRun in
            if locked { return try marketplace.installLocked(dryRun: dryRun) }
            let requests = try packages.map { text throws(MarketError) in try PackageRequest(parsing: text) }
            return try marketplace.install(requests, dryRun: dryRun)
        }
    }
}

struct MarketUpgradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upgrade",
        abstract: "Upgrade the named packages (all when none is named) to the newest allowed versions; pinned ones stay.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var trust: MarketTrustOptions
    @OptionGroup var change: MarketChangeOptions
    @Argument(help: "Packages to upgrade.") var packages: [String] = []

    func run() throws {
        try change.apply(global, allowUnsigned: trust.allowUnsigned) { try $0.upgrade(packages, dryRun: $1) }
    }
}

struct MarketRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a package (refused while another installed package requires it).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var change: MarketChangeOptions
    @Argument(help: "The package.") var package: String

    func run() throws {
        try change.apply(global) { try $0.remove(package, dryRun: $1) }
    }
}

struct MarketPinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pin",
        abstract: "Install exactly NAME@VERSION and keep it there through upgrades.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var trust: MarketTrustOptions
    @OptionGroup var change: MarketChangeOptions
    @Argument(help: "NAME@VERSION.") var package: String

    func run() throws {
        let parts = package.split(separator: "@", maxSplits: 1).map(String.init)
        guard parts.count == 2, let version = try? SemanticVersion(parsing: parts[1]) else {
            throw ValidationError("expected NAME@VERSION with an exact version, e.g. greeter@1.2.0 (got \(package))")
        }
        try change.apply(global, allowUnsigned: trust.allowUnsigned) { try $0.pin(parts[0], version: version, dryRun: $1) }
    }
}

struct MarketRollbackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Return a package to the version it had before its last change.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var change: MarketChangeOptions
    @Argument(help: "The package.") var package: String

    func run() throws {
        try change.apply(global) { try $0.rollback(package, dryRun: $1) }
    }
}
