import Foundation

/// Creates files that must not exist yet. O_EXCL with O_NOFOLLOW means an extraction can never
/// overwrite a file or write through a symbolic link planted where an entry is about to go.
enum NewFile {
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t) throws(FileWriteError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw FileWriteError(path: path, errno: errno) }
        defer { close(descriptor) }
        // The umask may have narrowed `mode`; the archive's modes are part of its contract.
        guard fchmod(descriptor, mode) == 0 else { throw FileWriteError(path: path, errno: errno) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                Foundation.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw FileWriteError(path: path, errno: errno)
            }
            written += result
        }
    }
}

struct FileWriteError: Error, CustomStringConvertible {
    let path: String
    let reason: String

    init(path: String, errno code: Int32) {
        self.path = path
        self.reason = String(cString: strerror(code))
    }

    var description: String { "\(path): \(reason)" }
}
