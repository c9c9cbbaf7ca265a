import Crypto
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `DEST.part`: the body is written and hashed as it arrives, then synced and renamed over `DEST`
/// only once verified. A failed download removes it, so no half-written file is ever left behind.
final class PartFile: TransferSink {
    let destination: String
    let path: String
    private var descriptor: Int32
    private var hasher = SHA256()
    private(set) var count: Int64 = 0

    /// Opens `DEST.part`. With `keepExisting` the bytes of an interrupted earlier run are hashed and
    /// kept so the first request can resume after them; otherwise the file starts empty.
    init(destination: String, keepExisting: Bool) throws(FetchError) {
        self.destination = destination
        path = destination + ".part"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw PosixFailure.ioError("opening", errno, path: path) }
        if keepExisting {
            try hashExistingBytes()
        } else {
            try restart()
        }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    var storagePath: String? { destination }

    var availableSpace: Int64? {
        var info = statvfs()
        guard fstatvfs(descriptor, &info) == 0 else { return nil }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }

    func append(_ buffer: UnsafeRawBufferPointer) throws(FetchError) {
        var offset = 0
        while offset < buffer.count {
            let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw PosixFailure.writeError(errno, path: destination)
            }
            offset += written
        }
        hasher.update(bufferPointer: buffer)
        count += Int64(buffer.count)
    }

    func restart() throws(FetchError) {
        guard ftruncate(descriptor, 0) == 0, lseek(descriptor, 0, SEEK_SET) == 0 else {
            throw PosixFailure.ioError("emptying", errno, path: path)
        }
        hasher = SHA256()
        count = 0
    }

    func sha256Hex() -> String {
        hasher.finalize().lowercaseHex
    }

    /// fsync, then rename over the destination and sync the directory, so a crash leaves either the
    /// old file or the complete new one.
    func commit() throws(FetchError) {
        guard fsync(descriptor) == 0 else { throw PosixFailure.writeError(errno, path: destination) }
        close(descriptor)
        descriptor = -1
        guard rename(path, destination) == 0 else { throw PosixFailure.ioError("renaming into place", errno, path: destination) }
        PosixPath.syncDirectory(PosixPath.directory(of: destination))
    }

    /// Closes and deletes the partial file.
    func discard() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
        unlink(path)
    }

    private func hashExistingBytes() throws(FetchError) {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw PosixFailure.ioError("reading", errno, path: path)
            }
            if got == 0 { break }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<got])) }
            count += Int64(got)
        }
    }
}
