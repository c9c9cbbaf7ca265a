import Crypto
import Foundation

/// Downloads over `file://`, `http://` and `https://` with libcurl: retries with exponential
/// backoff on errors worth retrying, stall and total time-outs, resumption of a partial download
/// (`DEST.part`) with a Range request, size limits enforced while bytes arrive, and the SHA-256
/// computed on the way. A finished file is checked, flushed to disk and renamed into place; a
/// failed one leaves no file behind at the destination.
public struct Downloader: Sendable {
    public let options: FetchOptions

    public init(options: FetchOptions = FetchOptions()) {
        self.options = options
    }

    /// Downloads `request.url` to `destination`.
    public func download(_ request: DownloadRequest, to destination: String) throws(FetchError) -> DownloadResult {
        let partial = destination + ".part"
        let limit = min(request.maxSize, request.expectedSize ?? request.maxSize)
        var attempts = 0
        var resumedAny = false
        while true {
            attempts += 1
            let (descriptor, existing, prefix) = try openPartial(partial, limit: limit)
            let sink = TransferSink(url: request.url, target: .file(descriptor: descriptor, path: partial), limit: limit,
                                    resumingFrom: existing, prefixHasher: prefix)
            sink.progress = ProgressBar.make(for: request.url, mode: options.progress)
            let failure = CurlTransfer.run(sink, options: options)
            let synced = failure == nil ? fsync(descriptor) == 0 : true
            let syncError = errno
            close(descriptor)
            if existing > 0 && !sink.restarted && failure == nil { resumedAny = true }
            if let failure {
                // A server that cannot satisfy the range (the file changed or shrank) gets a fresh start.
                if case .http(416, _) = failure, existing > 0 {
                    unlink(partial)
                    continue
                }
                guard failure.isTransient, attempts <= options.retries else {
                    if !failure.isTransient { unlink(partial) }
                    if case .network = failure { unlink(partial) }
                    if case .timeout = failure { unlink(partial) }
                    throw failure
                }
                pause(beforeRetry: attempts)
                continue
            }
            guard synced else {
                unlink(partial)
                throw TransferSink.writeFailure(path: partial, code: syncError)
            }
            let digest = sink.digest
            if let expected = request.expectedSize, sink.written != expected {
                unlink(partial)
                throw FetchError.sizeMismatch(url: request.url, expected: expected, got: sink.written)
            }
            if let expected = request.expectedSHA256, expected.lowercased() != digest {
                unlink(partial)
                throw FetchError.checksumMismatch(url: request.url, expected: expected.lowercased(), got: digest)
            }
            guard rename(partial, destination) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(partial)
                throw FetchError.io(path: destination, reason: reason)
            }
            Self.syncDirectory(of: destination)
            return DownloadResult(path: destination, sha256: digest, bytes: sink.written, resumed: resumedAny, attempts: attempts)
        }
    }

    /// A small document (an index or a signature) in memory; `.notFound` when it does not exist.
    public func fetchBytes(url: String, maxSize: Int) throws(FetchError) -> [UInt8] {
        var attempts = 0
        while true {
            attempts += 1
            let sink = TransferSink(url: url, target: .memory, limit: Int64(maxSize), resumingFrom: 0, prefixHasher: nil)
            guard let failure = CurlTransfer.run(sink, options: options) else { return sink.memory }
            guard failure.isTransient, attempts <= options.retries else { throw failure }
            pause(beforeRetry: attempts)
        }
    }

    /// Opens (or creates) the partial file for appending; returns how much it already holds and the
    /// SHA-256 state over those bytes, so a resumed download still hashes the whole file.
    private func openPartial(_ path: String, limit: Int64) throws(FetchError) -> (Int32, Int64, SHA256?) {
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw TransferSink.writeFailure(path: path, code: errno) }
        var hasher = SHA256()
        var total: Int64 = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while total <= limit {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            total += Int64(count)
        }
        if total > limit {
            // Larger than anything acceptable: not a prefix of the file we want.
            _ = ftruncate(descriptor, 0)
            _ = lseek(descriptor, 0, SEEK_SET)
            return (descriptor, 0, nil)
        }
        return (descriptor, total, total > 0 ? hasher : nil)
    }

    private func pause(beforeRetry attempt: Int) {
        let base = min(options.maximumBackoff, options.backoff * pow(2, Double(attempt - 1)))
        let delay = base * Double.random(in: 0.75...1.25)
        usleep(useconds_t(delay * 1_000_000))
    }

    static func syncDirectory(of path: String) {
        let descriptor = open((path as NSString).deletingLastPathComponent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
