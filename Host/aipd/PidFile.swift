import AIPHost
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
        if let pid = DaemonFiles.readPID(path), pid != getpid(), DaemonFiles.isDaemon(pid) {
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
        if DaemonFiles.readPID(path) == getpid() { unlink(path) }
    }
}
