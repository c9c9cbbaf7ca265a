/// One file to fetch, with what the index promised about it.
public struct DownloadRequest: Sendable, Equatable {
    public var url: String
    /// Lower-case hex SHA-256 the content must have; the file is deleted when it does not.
    public var expectedSHA256: String?
    /// The exact size in bytes; a body announcing or reaching another size is refused early.
    public var expectedSize: Int64?
    /// A hard ceiling: the transfer is aborted as soon as the body would pass it.
    public var maxSize: Int64

    public init(url: String, expectedSHA256: String? = nil, expectedSize: Int64? = nil, maxSize: Int64) {
        self.url = url
        self.expectedSHA256 = expectedSHA256
        self.expectedSize = expectedSize
        self.maxSize = maxSize
    }
}

/// A verified file in place.
public struct DownloadResult: Sendable, Equatable {
    public var path: String
    public var sha256: String
    public var bytes: Int64
    /// Part of the file came from an earlier attempt (a Range request the server honoured).
    public var resumed: Bool
    /// Transfers started; 0 when nothing touched the network (a cache hit, a complete leftover).
    public var attempts: Int

    public init(path: String, sha256: String, bytes: Int64, resumed: Bool, attempts: Int) {
        self.path = path
        self.sha256 = sha256
        self.bytes = bytes
        self.resumed = resumed
        self.attempts = attempts
    }
}
