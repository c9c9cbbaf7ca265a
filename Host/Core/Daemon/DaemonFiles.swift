import Foundation

/// Where a daemon keeps its run-time files under its home, shared by `aipd` (writes them) and
/// `aip daemon` (reads them).
public struct DaemonFiles: Sendable {
    public let home: String

    public init(home: String) { self.home = home }

    public var pidFile: String { home + "/run/aipd.pid" }
    /// JSON: pid, urls, started, configFile, home (written once the daemon is ready).
    public var stateFile: String { home + "/run/aipd.json" }
    /// Where `aip daemon start` sends the daemon's stdout and stderr.
    public var logFile: String { home + "/log/aipd.log" }

    public static func readPID(_ path: String) -> pid_t? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Whether `pid` is a live aipd, checked by its command line so that a PID the kernel reused
    /// for another program is never taken for the daemon (and never signalled).
    public static func isDaemon(_ pid: pid_t) -> Bool {
        guard pid > 0, kill(pid, 0) == 0 || errno == EPERM,
              let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"),
              let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              stat.split(separator: ")").last?.split(separator: " ").first != "Z" else { return false }
        let argv0 = data.split(separator: 0).first.map { String(decoding: $0, as: UTF8.self) } ?? ""
        return URL(fileURLWithPath: argv0).lastPathComponent == "aipd"
    }
}
