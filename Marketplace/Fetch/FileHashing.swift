import Crypto
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streaming SHA-256 of a file on disk.
enum FileHashing {
    static func sha256(ofFileAt path: String) throws(FetchError) -> (digest: String, bytes: Int64) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw PosixFailure.ioError("opening", errno, path: path) }
        defer { close(descriptor) }
        var hasher = SHA256()
        var total: Int64 = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 18)
        while true {
            let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw PosixFailure.ioError("reading", errno, path: path)
            }
            if got == 0 { break }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<got])) }
            total += Int64(got)
        }
        return (hasher.finalize().lowercaseHex, total)
    }
}
