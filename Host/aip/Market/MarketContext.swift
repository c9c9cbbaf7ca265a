import AIPConfig
import AIPHost
import AIPMarket
import ArgumentParser
import Foundation

/// What every market command opens: paths and config from the host session, the state database,
/// the libcurl transport with its cache.
struct MarketContext {
    let session: HostSession
    let marketplace: Marketplace

    init(global: GlobalOptions, allowUnsigned: Bool = false) throws {
        session = try global.session()
        guard let pluginsRoot = session.paths.pluginsDirs.first else {
            Output.error("no plugins folder is configured")
            throw ExitCode(1)
        }
        let home = MarketHome(home: session.paths.home, pluginsRoot: pluginsRoot)
        if allowUnsigned {
            Output.error("""
                WARNING: --allow-unsigned: indexes without a signature are accepted in this run. \
                Anyone who can change the index or its server can make this host install any code. \
                Use it only for local development, never in production.
                """)
        }
        do {
            try FileManager.default.createDirectory(atPath: home.marketDirectory, withIntermediateDirectories: true)
            let state = try MarketState(path: home.stateFile)
            let transport = CurlTransport(cacheDirectory: home.cacheDirectory, progress: .auto)
            let sources = MarketSources(settings: session.config.marketplaces, home: home, state: state,
                                        transport: transport, allowUnsigned: allowUnsigned)
            marketplace = Marketplace(home: home, sources: sources) { Output.error($0) }
        } catch let error as MarketError {
            Output.error(error.description)
            throw ExitCode(1)
        }
    }

    /// Runs a marketplace operation; its error becomes a message and exit code 1.
    static func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as MarketError {
            Output.error(error.description)
            throw ExitCode(1)
        } catch let error as ConfigError {
            Output.error(error.description)
            throw ExitCode(1)
        }
    }
}
