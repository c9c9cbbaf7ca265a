import Foundation

/// Signal numbers as people know them (PluginProber's wording, which is internal to the host).
enum SignalName {
    static func of(_ signal: Int32) -> String {
        switch signal {
        case SIGSEGV: return "SIGSEGV (segmentation fault)"
        case SIGBUS: return "SIGBUS (bus error)"
        case SIGABRT: return "SIGABRT (abort)"
        case SIGILL: return "SIGILL (illegal instruction)"
        case SIGFPE: return "SIGFPE (arithmetic error)"
        case SIGKILL: return "SIGKILL"
        case SIGTRAP: return "SIGTRAP (Swift runtime trap)"
        case SIGPIPE: return "SIGPIPE (broken pipe)"
        case SIGTERM: return "SIGTERM"
        default: return "signal \(signal)"
        }
    }
}
