import Foundation

/// The daemon's pid file. Refuses to start a second daemon on the same file while the first is
/// alive; a file left by a daemon that died is replaced.
struct PidFile {
    let path: String

    enum Problem: Error, CustomStringConvertible {
        case running(pid_t, String)
        case unwritable(String, String)

        var description: String {
            switch self {
            case .running(let pid, let path): return "another aipd (pid \(pid)) is running with pid file \(path); stop it first (aip daemon stop)"
            case .unwritable(let path, let reason): return "cannot write the pid file \(path): \(reason)"
            }
        }
    }

    func acquire() throws(Problem) {
        if let pid = Self.read(path), pid != getpid(), Self.isDaemon(pid) {
            throw .running(pid, path)
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try "\(getpid())\n".write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw .unwritable(path, error.localizedDescription)
        }
    }

    /// Removes the file if it still names this process.
    func release() {
        if Self.read(path) == getpid() { unlink(path) }
    }

    static func read(_ path: String) -> pid_t? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Whether `pid` is a live aipd (checked by its command line, so a reused PID does not count).
    static func isDaemon(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM,
              let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        let argv0 = data.split(separator: 0).first.map { String(decoding: $0, as: UTF8.self) } ?? ""
        return URL(fileURLWithPath: argv0).lastPathComponent == "aipd"
    }
}
