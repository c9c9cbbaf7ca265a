/// How the marketplace reaches indexes and archives. The real one is libcurl with a
/// content-addressed cache (`CurlTransport`); the seam keeps the operations testable in isolation.
public protocol MarketTransport: Sendable {
    /// A small document (an index or its signature); nil when the server says it does not exist.
    func fetchDocument(url: String, maxSize: Int) throws(MarketError) -> [UInt8]?
    /// An archive, verified against `sha256` and `size`, as a path in the local cache.
    func fetchArchive(url: String, sha256: String, size: Int64) throws(MarketError) -> String
}
