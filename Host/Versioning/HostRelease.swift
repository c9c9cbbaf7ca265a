/// The release of the host itself (aip, aipd and the runtime), which marketplace entries name in
/// their `host` range. Raised with every release; the plugin ABI has its own version.
public enum HostRelease {
    public static let version = SemanticVersion(major: 0, minor: 4, patch: 0)
}
