import Foundation

/// Serialises every `aip` process that changes the install in one home: an exclusive `flock` on
/// `HOME/market/lock`, held until `release()` or process exit (the kernel drops it even after a
/// crash, so a killed install never leaves the home locked).
public final class InstallLock {
    private let descriptor: Int32
    public let path: String

    /// Waits for the lock; `waiting` is called once if another process holds it, with that
    /// process's pid when known, so the CLI can say why it pauses.
    public init(path: String, waiting: (Int32?) -> Void = { _ in }) throws(MarketError) {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw MarketError("cannot open the install lock \(path): \(String(cString: strerror(errno)))")
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            waiting(Self.holder(of: path))
            while flock(descriptor, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    let reason = String(cString: strerror(errno))
                    close(descriptor)
                    throw MarketError("cannot take the install lock \(path): \(reason)")
                }
            }
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(descriptor, 0)
        _ = pid.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    public func release() {
        _ = ftruncate(descriptor, 0)
        _ = flock(descriptor, LOCK_UN)
    }

    deinit {
        close(descriptor)
    }

    private static func holder(of path: String) -> Int32? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
