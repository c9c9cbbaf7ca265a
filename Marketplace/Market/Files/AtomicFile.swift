import Foundation

/// Writes a file so that readers see either the old or the new contents, never a torn mix:
/// write a temporary file next to it, fsync, rename over the target, fsync the folder.
/// A full disk fails the write cleanly and leaves the old file untouched.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws(MarketError) {
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            throw MarketError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if result < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(descriptor)
                unlink(temporary)
                throw MarketError("cannot write \(path): \(reason)")
            }
            written += result
        }
        let synced = fsync(descriptor) == 0
        let syncReason = String(cString: strerror(errno))
        close(descriptor)
        guard synced else {
            unlink(temporary)
            throw MarketError("cannot write \(path): \(syncReason)")
        }
        do {
            try PluginStore.rename(temporary, to: path)
        } catch {
            unlink(temporary)
            throw error
        }
        PluginStore.syncDirectory(directory)
    }
}
