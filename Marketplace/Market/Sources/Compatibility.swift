import AIPMarketIndex
import AIPPackaging
import AIPToolchain
import AIPVersioning
import AIPluginABI

/// Whether a published version can run on this host, and if not why, in words an operator
/// understands. The resolver never picks an incompatible version but names it when explaining.
public struct Compatibility: Sendable {
    public var platform: String
    public var abi: SemanticVersion
    public var hostVersion: SemanticVersion
    public var swiftToolchain: String

    public init(platform: String = HostPlatform.triple,
                abi: SemanticVersion = SemanticVersion(major: Int(AIP_ABI_MAJOR), minor: Int(AIP_ABI_MINOR), patch: 0),
                hostVersion: SemanticVersion = HostRelease.version, swiftToolchain: String = SwiftToolchain.version) {
        self.platform = platform
        self.abi = abi
        self.hostVersion = hostVersion
        self.swiftToolchain = swiftToolchain
    }

    public func problem(with release: MarketIndex.Release) -> String? {
        if release.platform != platform {
            return "is built for \(release.platform), this host is \(platform)"
        }
        if !release.abi.contains(abi) {
            return "needs plugin ABI \(release.abi), this host speaks \(abi.major).\(abi.minor)"
        }
        if !release.host.contains(hostVersion) {
            return "supports host versions \(release.host), this host is \(hostVersion)"
        }
        if let toolchain = release.swiftToolchain, toolchain != swiftToolchain {
            return "was built with Swift \(toolchain), this host loads Swift plugins built with \(swiftToolchain)"
        }
        return nil
    }
}
