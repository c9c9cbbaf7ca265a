#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Archives stored by their SHA-256 under `DIRECTORY/sha256/ab/abcdef…`. A hit is re-hashed before it
/// is trusted and skips the network; a miss downloads under a per-entry lock (so threads and
/// processes fetching the same archive download it once) and lands atomically.
public struct ContentCache: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// Where the entry for `sha256` lives (whether or not it is there).
    public func path(forSHA256 sha256: String) -> String {
        let digest = sha256.lowercased()
        return "\(directory)/sha256/\(digest.prefix(2))/\(digest)"
    }

    /// The path of a stored entry whose content still hashes to `sha256`. A corrupted entry is deleted.
    public func cached(sha256: String) -> String? {
        guard let digest = SHA256Text.normalized(sha256) else { return nil }
        let path = path(forSHA256: digest)
        guard let actual = try? FileHashing.sha256(ofFileAt: path) else { return nil }
        guard actual.digest == digest else {
            unlink(path)
            return nil
        }
        return path
    }

    /// The verified archive for `request`, from the cache when present, else downloaded into it.
    /// Without an expected SHA-256 the download is always made, then stored under its actual hash.
    public func fetch(_ request: DownloadRequest, using downloader: Downloader) throws(FetchError) -> DownloadResult {
        guard let expected = request.expectedSHA256 else { return try fetchUnhashed(request, using: downloader) }
        guard let digest = SHA256Text.normalized(expected) else {
            throw SHA256Text.refusal(of: expected, url: request.url)
        }
        if let hit = try hit(digest, request) { return hit }
        let path = path(forSHA256: digest)
        try PosixPath.makeDirectories(PosixPath.directory(of: path))
        try PosixPath.makeDirectories(locksDirectory)
        let lock = try CacheEntryLock(path: lockPath(digest))
        return try withExtendedLifetime(lock) { () throws(FetchError) -> DownloadResult in
            // Someone else may have stored it while this thread waited for the lock.
            if let hit = try hit(digest, request) { return hit }
            return try downloader.download(request, to: path)
        }
    }

    /// Deletes every entry whose hash is not in `keeping` (also leftover partial downloads and stale
    /// lock files), skipping entries being downloaded right now. Returns the bytes freed.
    @discardableResult
    public func prune(keeping: Set<String>) throws(FetchError) -> Int64 {
        let keep = Set(keeping.compactMap(SHA256Text.normalized))
        var freed: Int64 = 0
        let entriesRoot = directory + "/sha256"
        for fanout in try PosixDirectory.names(in: entriesRoot) {
            let fanoutPath = entriesRoot + "/" + fanout
            for name in try PosixDirectory.names(in: fanoutPath) {
                let digest = name.hasSuffix(".part") ? String(name.dropLast(5)) : name
                guard !keep.contains(digest) else { continue }
                // Taking the entry's lock proves no download of it is in flight.
                let lockFile = lockPath(digest)
                let lock = PosixPath.exists(lockFile) ? CacheEntryLock.attempt(path: lockFile) : nil
                if PosixPath.exists(lockFile) && lock == nil { continue }
                freed += try PosixDirectory.remove(fanoutPath + "/" + name)
                if lock != nil { unlink(lockFile) }
                withExtendedLifetime(lock) {}
            }
        }
        for name in try PosixDirectory.names(in: locksDirectory) where name.hasSuffix(".lock") {
            let digest = String(name.dropLast(5))
            guard !keep.contains(digest), let lock = CacheEntryLock.attempt(path: locksDirectory + "/" + name) else { continue }
            unlink(locksDirectory + "/" + name)
            withExtendedLifetime(lock) {}
        }
        freed += try removeStaleIncoming()
        return freed
    }

    // MARK: Internals

    private var locksDirectory: String { directory + "/locks" }
    private var incomingDirectory: String { directory + "/incoming" }

    private func lockPath(_ digest: String) -> String { "\(locksDirectory)/\(digest).lock" }

    private func hit(_ digest: String, _ request: DownloadRequest) throws(FetchError) -> DownloadResult? {
        guard let path = cached(sha256: digest) else { return nil }
        let size = try PosixDirectory.size(of: path)
        if let expected = request.expectedSize, expected != size {
            // The hash matched, so the index entry's size is what is wrong.
            throw .sizeMismatch(url: request.url, expected: expected, got: size)
        }
        if size > request.maxSize { throw .tooLarge(url: request.url, limit: request.maxSize) }
        return DownloadResult(path: path, sha256: digest, bytes: size, resumed: false, attempts: 0)
    }

    /// Downloads to a private name under `incoming/`, then moves it to its hash's place.
    private func fetchUnhashed(_ request: DownloadRequest, using downloader: Downloader) throws(FetchError) -> DownloadResult {
        try PosixPath.makeDirectories(incomingDirectory)
        let temporary = "\(incomingDirectory)/\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        var result = try downloader.download(request, to: temporary)
        let path = path(forSHA256: result.sha256)
        do throws(FetchError) {
            try PosixPath.makeDirectories(PosixPath.directory(of: path))
            guard rename(temporary, path) == 0 else { throw PosixFailure.ioError("moving into the cache", errno, path: path) }
        } catch {
            unlink(temporary)
            throw error
        }
        result.path = path
        return result
    }

    /// Partial downloads of crashed processes in `incoming/` (live ones are younger than the cut-off).
    private func removeStaleIncoming() throws(FetchError) -> Int64 {
        var freed: Int64 = 0
        let cutoff = time(nil) - 24 * 3600
        for name in try PosixDirectory.names(in: incomingDirectory) {
            let path = incomingDirectory + "/" + name
            var info = stat()
            guard stat(path, &info) == 0, info.st_mtim.tv_sec < cutoff else { continue }
            freed += try PosixDirectory.remove(path)
        }
        return freed
    }
}
