/// Where the marketplace keeps its files inside an AI Platform home.
public struct MarketHome: Sendable {
    public let home: String
    /// Where plugins are installed (`NAME/VERSION/` and `NAME/current`): the host's first plugins folder.
    public let pluginsRoot: String

    public init(home: String, pluginsRoot: String) {
        self.home = home
        self.pluginsRoot = pluginsRoot
    }

    public var marketDirectory: String { "\(home)/market" }
    public var stateFile: String { "\(marketDirectory)/state.sqlite" }
    public var lockPath: String { "\(marketDirectory)/lock" }
    /// Downloaded archives by sha256.
    public var cacheDirectory: String { "\(marketDirectory)/cache" }
    /// The last accepted index (and its signature) of each marketplace, for offline search and info.
    public func indexDirectory(of marketplace: String) -> String { "\(marketDirectory)/indexes/\(marketplace)" }
    public var lockfile: String { "\(home)/\(Lockfile.fileName)" }
}
