import AIPConfig
import Crypto
import Foundation

/// What `aipd` fills in when the config leaves it out, so that it runs with no config at all.
enum EmbeddedDefaults {
    /// With no `plugins.http.tokens` in the config, an admin token (allowed everything) is made up
    /// and only its SHA-256 goes into the config, as for a configured one. Returns nil when the
    /// config has tokens or generation is off.
    static func withGeneratedToken(_ config: HostConfig, generate: Bool) -> (HostConfig, String)? {
        guard generate, !hasTokens(config) else { return nil }
        var generator = SystemRandomNumberGenerator() // getrandom(2): cryptographically secure
        let bytes = (0..<24).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let token = "aip_" + bytes.map { String(format: "%02x", $0) }.joined()
        return (injecting(token, into: config), token)
    }

    /// The config with `token` as the only (admin) token, unless it configures tokens itself.
    static func injecting(_ token: String, into config: HostConfig) -> HostConfig {
        guard !hasTokens(config) else { return config }
        let digest = SHA256.hash(data: Array(token.utf8)).map { String(format: "%02x", $0) }.joined()
        var members = config.section(for: "http").objectValue ?? [:]
        members["tokens"] = .array([.object(["name": .string("admin"), "sha256": .string(digest), "capabilities": .array([.string("*")])])])
        var updated = config
        updated.rawPlugins["http"] = .object(members)
        return updated
    }

    static func hasTokens(_ config: HostConfig) -> Bool {
        !(config.section(for: "http")["tokens"]?.arrayValue ?? []).isEmpty
    }
}
