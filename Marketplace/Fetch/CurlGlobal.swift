import AIPMarketFetchCurl

/// `curl_global_init` must run once per process before any handle exists and is not thread-safe;
/// a static `let` gives exactly that (Swift initialises it once, under a lock).
enum CurlGlobal {
    static let ready: Bool = aip_curl_global_init() == CURLE_OK
}
