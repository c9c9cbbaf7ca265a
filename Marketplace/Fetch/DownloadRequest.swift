/// One file to download, with what it must turn out to be.
public struct DownloadRequest: Sendable {
    public var url: String
    /// Lower-case hex; checked after the download, which is deleted on a mismatch.
    public var expectedSHA256: String?
    /// Checked at the end, and the download stops as soon as it exceeds this.
    public var expectedSize: Int64?
    /// The download stops as soon as it exceeds this, whatever the server claims.
    public var maxSize: Int64

    public init(url: String, expectedSHA256: String? = nil, expectedSize: Int64? = nil, maxSize: Int64) {
        self.url = url
        self.expectedSHA256 = expectedSHA256
        self.expectedSize = expectedSize
        self.maxSize = maxSize
    }
}

public struct DownloadResult: Sendable, Equatable {
    public let path: String
    public let sha256: String
    public let bytes: Int64
    /// Whether an earlier partial download was continued instead of starting over.
    public let resumed: Bool
    /// Transfers made; 0 when the file came from the cache.
    public let attempts: Int
}
