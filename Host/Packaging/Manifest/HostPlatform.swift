/// The platform this host runs on, in the spellings manifests and ELF headers use.
public enum HostPlatform {
    /// The target triple a manifest's `platform` names for this host.
    public static var triple: String { "\(architecture)-unknown-linux-gnu" }

    /// The architecture part of a target triple.
    public static var architecture: String {
        #if arch(x86_64)
        return "x86_64"
        #elseif arch(arm64)
        return "aarch64"
        #else
        return "unknown"
        #endif
    }
}
