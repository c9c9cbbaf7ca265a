/// Whether a download draws a progress bar on standard error.
public enum ProgressMode: Sendable, Equatable {
    /// A bar when standard error is a terminal, nothing otherwise (pipes, logs, CI).
    case auto
    case quiet
    case bar
}

/// A transfer slower than `bytesPerSecond` for `seconds` in a row is abandoned (and retried).
public struct StallLimit: Sendable, Equatable {
    public var bytesPerSecond: Int
    public var seconds: Int

    public init(bytesPerSecond: Int, seconds: Int) {
        self.bytesPerSecond = bytesPerSecond
        self.seconds = seconds
    }
}

/// How hard and how long a `Downloader` tries.
public struct FetchOptions: Sendable, Equatable {
    /// Extra attempts after the first one, for network errors, time-outs, 408, 429 and 5xx.
    public var retries: Int
    /// The wait before the first retry; it doubles on each retry, with jitter, up to `backoffCap`.
    public var backoffBase: Duration
    public var backoffCap: Duration
    public var connectTimeout: Duration
    public var stall: StallLimit
    /// The budget for one whole `download` call, retries and waits included.
    public var totalTimeout: Duration
    public var maxRedirects: Int
    public var progress: ProgressMode
    /// Sent as `User-Agent`; callers pass "aip/VERSION".
    public var userAgent: String
    /// A PEM file of CA certificates to trust for https instead of the system's bundle (a private
    /// marketplace with its own CA); nil uses the system's.
    public var caBundlePath: String?

    public init(retries: Int = 4,
                backoffBase: Duration = .milliseconds(200),
                backoffCap: Duration = .seconds(10),
                connectTimeout: Duration = .seconds(15),
                stall: StallLimit = StallLimit(bytesPerSecond: 1024, seconds: 30),
                totalTimeout: Duration = .seconds(3600),
                maxRedirects: Int = 10,
                progress: ProgressMode = .auto,
                userAgent: String = "aip",
                caBundlePath: String? = nil) {
        self.retries = retries
        self.backoffBase = backoffBase
        self.backoffCap = backoffCap
        self.connectTimeout = connectTimeout
        self.stall = stall
        self.totalTimeout = totalTimeout
        self.maxRedirects = maxRedirects
        self.progress = progress
        self.userAgent = userAgent
        self.caBundlePath = caBundlePath
    }
}

extension Duration {
    /// Whole milliseconds, rounded up so a positive budget never becomes zero (libcurl reads 0 as "no limit").
    var wholeMilliseconds: Int {
        let (seconds, attoseconds) = components
        let fraction = (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int(seconds) * 1000 + Int(fraction)
    }

    var secondsValue: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
