import AIPMarket
import ArgumentParser

/// `aip market …`: install plugins from signed marketplace indexes.
struct MarketCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "market",
        abstract: "Install, upgrade, pin and roll back plugins from signed marketplace indexes.",
        discussion: """
        Marketplaces are listed in the host config under "marketplaces", each with its index URL \
        (file://, http:// or https://) and the Ed25519 keys trusted to sign it. An index is refused \
        when unsigned, signed by another key, modified after signing, expired, or older than one \
        already seen. Plugins install into PLUGINS/NAME/VERSION/ with PLUGINS/NAME/current pointing \
        at the active version; state and history live in $AIP_HOME/market/state.sqlite and the exact \
        result in $AIP_HOME/aip.lock. Every change takes --dry-run; every listing takes --json.
        """,
        subcommands: [MarketAddCommand.self, MarketUpdateCommand.self, MarketSearchCommand.self, MarketInfoCommand.self,
                      MarketInstallCommand.self, MarketUpgradeCommand.self, MarketRemoveCommand.self,
                      MarketPinCommand.self, MarketRollbackCommand.self, MarketListCommand.self,
                      MarketVerifyCommand.self, MarketPublishCommand.self, MarketKeygenCommand.self])
}

/// Options of every command that reads indexes.
struct MarketTrustOptions: ParsableArguments {
    @Flag(name: .customLong("allow-unsigned"), help: "DEVELOPMENT ONLY: accept indexes without a signature.")
    var allowUnsigned = false
}

/// Options of every command that changes the install.
struct MarketChangeOptions: ParsableArguments {
    @Flag(name: .customLong("dry-run"), help: "Show what would change, and change nothing.")
    var dryRun = false

    /// What every change command does around its own step: open the home, plan (and unless
    /// --dry-run, carry out) the change, print the plan.
    func apply(_ global: GlobalOptions, allowUnsigned: Bool = false,
               _ change: (Marketplace, _ dryRun: Bool) throws -> MarketPlan) throws {
        let context = try MarketContext(global: global, allowUnsigned: allowUnsigned)
        let plan = try MarketContext.run { try change(context.marketplace, dryRun) }
        MarketOutput.plan(plan, dryRun: dryRun, json: global.json)
    }
}
