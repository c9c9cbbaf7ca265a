import Crypto
import Foundation

/// Downloaded archives stored by their SHA-256 (`DIR/HEX`), so a version installed once is never
/// downloaded again (reinstall, rollback, another home sharing the cache) and a file's name says
/// what its contents must hash to. Every hit is re-hashed before use.
public struct ContentCache: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public func path(forSHA256 digest: String) -> String { "\(directory)/\(digest.lowercased())" }

    /// The cached file for `digest`, if present and intact (a damaged one is deleted).
    public func cached(sha256 digest: String) -> String? {
        let path = path(forSHA256: digest)
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try? handle.read(upToCount: 1 << 16), !chunk.isEmpty {
            hasher.update(data: chunk)
        }
        guard hasher.finalize().map({ String(format: "%02x", $0) }).joined() == digest.lowercased() else {
            unlink(path)
            return nil
        }
        return path
    }

    /// The file for a request that names its sha256: from the cache when present, else downloaded
    /// into it (resuming an earlier partial download of the same file).
    public func fetch(_ request: DownloadRequest, using downloader: Downloader) throws(FetchError) -> DownloadResult {
        guard let digest = request.expectedSHA256?.lowercased() else {
            throw FetchError.io(path: directory, reason: "the cache needs the expected sha256 of \(request.url)")
        }
        if let hit = cached(sha256: digest) {
            let size = ((try? FileManager.default.attributesOfItem(atPath: hit))?[.size] as? NSNumber)?.int64Value ?? 0
            return DownloadResult(path: hit, sha256: digest, bytes: size, resumed: false, attempts: 0)
        }
        return try downloader.download(request, to: path(forSHA256: digest))
    }

    /// Deletes cached files whose hashes are not in `keeping`.
    public func prune(keeping: Set<String>) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where !keeping.contains(name) {
            unlink("\(directory)/\(name)")
        }
    }
}
