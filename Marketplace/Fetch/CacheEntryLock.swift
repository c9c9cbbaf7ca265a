#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on one cache entry, shared by threads and processes alike (each holder
/// opens the file itself, so two threads of one process exclude each other too).
///
/// `prune` deletes lock files it can take; a waiter that locked a file just deleted notices the
/// inode changed under the path and locks the new file instead.
final class CacheEntryLock {
    private let descriptor: Int32

    /// Blocks until the lock is held.
    init(path: String) throws(FetchError) {
        while true {
            let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw PosixFailure.ioError("opening the lock file", errno, path: path) }
            while flock(descriptor, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    let code = errno
                    close(descriptor)
                    throw PosixFailure.ioError("locking", code, path: path)
                }
            }
            if Self.isCurrent(descriptor, path: path) {
                self.descriptor = descriptor
                return
            }
            close(descriptor)
        }
    }

    private init(holding descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// The lock when nobody holds it, without waiting; nil when it is busy or absent.
    static func attempt(path: String) -> CacheEntryLock? {
        let descriptor = open(path, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0, isCurrent(descriptor, path: path) else {
            close(descriptor)
            return nil
        }
        return CacheEntryLock(holding: descriptor)
    }

    deinit {
        close(descriptor)
    }

    private static func isCurrent(_ descriptor: Int32, path: String) -> Bool {
        var held = stat()
        var named = stat()
        guard fstat(descriptor, &held) == 0, stat(path, &named) == 0 else { return false }
        return held.st_dev == named.st_dev && held.st_ino == named.st_ino
    }
}
