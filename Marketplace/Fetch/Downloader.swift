/// Fetches files and small documents over file://, http:// and https:// with libcurl: retries with
/// backoff, resume of partial downloads, time-outs, size limits enforced while the body arrives,
/// and SHA-256 verification. Calls block the calling thread; one `Downloader` may serve many
/// threads at once (each transfer has its own libcurl handle).
public final class Downloader: Sendable {
    public let options: FetchOptions

    public init(options: FetchOptions = FetchOptions()) {
        self.options = options
    }

    /// Downloads into `destination + ".part"` and renames it over `destination` once its size and
    /// checksum are verified. On failure nothing is left behind. When the request names a SHA-256,
    /// a `.part` left by an interrupted earlier run is resumed (a checksum mismatch then triggers one
    /// clean download before the mismatch is reported).
    public func download(_ request: DownloadRequest, to destination: String) throws(FetchError) -> DownloadResult {
        let checked = try CheckedRequest(request)
        let keepExisting = checked.expectedSHA256 != nil && PosixPath.exists(destination + ".part")
        let part = try PartFile(destination: destination, keepExisting: keepExisting)
        do throws(FetchError) {
            let summary = try TransferEngine(options: options)
                .run(url: request.url, into: part, limits: checked.limits, expectedSHA256: checked.expectedSHA256)
            let sha256 = part.sha256Hex()
            try part.commit()
            return DownloadResult(path: destination, sha256: sha256, bytes: part.count, resumed: summary.resumed,
                                  attempts: summary.attempts)
        } catch {
            part.discard()
            throw error
        }
    }

    /// Fetches a small document (an index, its signature) into memory, refusing more than `maxSize` bytes.
    public func fetchBytes(url: String, maxSize: Int) throws(FetchError) -> [UInt8] {
        let checked = try CheckedRequest(DownloadRequest(url: url, maxSize: Int64(maxSize)))
        let sink = MemorySink()
        _ = try TransferEngine(options: options).run(url: url, into: sink, limits: checked.limits, expectedSHA256: nil)
        return sink.bytes
    }
}

/// A request whose URL scheme, checksum text and sizes make sense.
struct CheckedRequest {
    let limits: SizeLimits
    let expectedSHA256: String?

    init(_ request: DownloadRequest) throws(FetchError) {
        let url = request.url
        let lowered = url.lowercased()
        guard ["file://", "http://", "https://"].contains(where: { lowered.hasPrefix($0) }) else {
            throw .unsupportedScheme(url: url)
        }
        guard request.maxSize > 0 else {
            throw .invalidRequest(url: url, reason: "the size limit must be positive, not \(request.maxSize)")
        }
        if let expected = request.expectedSize {
            guard expected >= 0 else {
                throw .invalidRequest(url: url, reason: "the expected size cannot be negative (\(expected))")
            }
            guard expected <= request.maxSize else { throw .tooLarge(url: url, limit: request.maxSize) }
        }
        if let text = request.expectedSHA256 {
            guard let normalized = SHA256Text.normalized(text) else {
                throw SHA256Text.refusal(of: text, url: url)
            }
            expectedSHA256 = normalized
        } else {
            expectedSHA256 = nil
        }
        limits = SizeLimits(url: url, maxSize: request.maxSize, expectedSize: request.expectedSize)
    }
}
