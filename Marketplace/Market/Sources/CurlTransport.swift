import AIPMarketFetch
import AIPPackaging

/// The real transport: libcurl for `file://`, `http://` and `https://` (retries with backoff,
/// time-outs, resumed downloads), and archives kept in a cache addressed by their sha256, so a
/// second install of the same version needs no network.
public struct CurlTransport: MarketTransport {
    let downloader: Downloader
    let cache: ContentCache

    public init(cacheDirectory: String, progress: ProgressMode = .auto) {
        var options = FetchOptions()
        options.progress = progress
        downloader = Downloader(options: options)
        cache = ContentCache(directory: cacheDirectory)
    }

    public func fetchDocument(url: String, maxSize: Int) throws(MarketError) -> [UInt8]? {
        do {
            return try downloader.fetchBytes(url: url, maxSize: maxSize)
        } catch {
            if case .notFound = error { return nil }
            throw MarketError(error.description)
        }
    }

    public func fetchArchive(url: String, sha256: String, size: Int64) throws(MarketError) -> String {
        let request = DownloadRequest(url: url, expectedSHA256: sha256, expectedSize: size > 0 ? size : nil,
                                      maxSize: size > 0 ? size : Int64(AipkgArchive.maximumSize))
        do {
            return try cache.fetch(request, using: downloader).path
        } catch {
            throw MarketError(error.description)
        }
    }
}
