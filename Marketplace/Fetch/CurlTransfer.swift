import CCurl
import Crypto
import Foundation

/// libcurl's process-wide set-up, done exactly once before the first transfer.
enum CurlRuntime {
    static let ready: Bool = {
        // CURL_GLOBAL_ALL (SSL | WIN32): the macro is not importable into Swift.
        curl_global_init(3) == CURLE_OK
    }()
}

/// Where a transfer's bytes go, and everything learnt while they arrive: the running SHA-256, the
/// count, and the first reason to stop (too large, a write error).
final class TransferSink {
    enum Target {
        case file(descriptor: Int32, path: String)
        case memory
    }

    let url: String
    let target: Target
    let limit: Int64
    /// Set when continuing a partial file: a server that answers 200 instead of 206 sends the whole
    /// file again, so what was there is dropped.
    let resumingFrom: Int64
    var handle: OpaquePointer?
    var hasher = SHA256()
    var written: Int64
    var memory: [UInt8] = []
    var failure: FetchError?
    var restarted = false
    private var statusChecked = false
    var discardBody = false
    var progress: ProgressBar?

    init(url: String, target: Target, limit: Int64, resumingFrom: Int64, prefixHasher: SHA256?) {
        self.url = url
        self.target = target
        self.limit = limit
        self.resumingFrom = resumingFrom
        self.written = resumingFrom
        if let prefixHasher { hasher = prefixHasher }
    }

    func accept(_ data: UnsafeMutablePointer<CChar>, _ count: Int) -> Int {
        if !statusChecked {
            statusChecked = true
            var status = 0
            if let handle { _ = aip_curl_get_long(UnsafeMutableRawPointer(handle), CURLINFO_RESPONSE_CODE, &status) }
            if status >= 400 { discardBody = true }
            if resumingFrom > 0 && status == 200 {
                // The server ignored the Range request and sends everything: start the file over.
                guard restart() else { return 0 }
            }
        }
        if discardBody { return count }
        guard written + Int64(count) <= limit else {
            failure = .tooLarge(url: url, limit: limit)
            return 0
        }
        let bytes = UnsafeRawBufferPointer(start: data, count: count)
        switch target {
        case .memory:
            memory.append(contentsOf: bytes)
        case .file(let descriptor, let path):
            var offset = 0
            while offset < count {
                let result = write(descriptor, bytes.baseAddress! + offset, count - offset)
                if result < 0 {
                    if errno == EINTR { continue }
                    failure = Self.writeFailure(path: path, code: errno)
                    return 0
                }
                offset += result
            }
        }
        hasher.update(bufferPointer: bytes)
        written += Int64(count)
        return count
    }

    private func restart() -> Bool {
        guard case .file(let descriptor, let path) = target else { return true }
        guard ftruncate(descriptor, 0) == 0, lseek(descriptor, 0, SEEK_SET) == 0 else {
            failure = Self.writeFailure(path: path, code: errno)
            return false
        }
        hasher = SHA256()
        written = 0
        restarted = true
        return true
    }

    static func writeFailure(path: String, code: Int32) -> FetchError {
        let reason = String(cString: strerror(code))
        return code == ENOSPC || code == EDQUOT ? .diskFull(path: path, reason: reason) : .io(path: path, reason: reason)
    }

    var digest: String { hasher.finalize().map { String(format: "%02x", $0) }.joined() }
}

private let writeCallback: aip_curl_write_fn = { data, size, count, user in
    guard let data, let user else { return 0 }
    return Unmanaged<TransferSink>.fromOpaque(user).takeUnretainedValue().accept(data, size * count)
}

private let progressCallback: aip_curl_progress_fn = { user, total, now, _, _ in
    guard let user else { return 0 }
    let sink = Unmanaged<TransferSink>.fromOpaque(user).takeUnretainedValue()
    sink.progress?.update(received: sink.resumingFrom + Int64(now), total: total > 0 ? sink.resumingFrom + Int64(total) : nil)
    return 0
}

/// One attempt at one URL with one curl easy handle.
enum CurlTransfer {
    /// Runs the transfer into `sink`; the error says what went wrong, already classified.
    static func run(_ sink: TransferSink, options: FetchOptions) -> FetchError? {
        guard CurlRuntime.ready, let handle = curl_easy_init() else {
            return .network(url: sink.url, reason: "libcurl could not be initialised")
        }
        defer { curl_easy_cleanup(handle) }
        sink.handle = OpaquePointer(handle)
        let user = Unmanaged.passUnretained(sink).toOpaque()
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { buffer in
            _ = aip_curl_set_string(handle, CURLOPT_URL, sink.url)
            _ = aip_curl_set_string(handle, CURLOPT_PROTOCOLS_STR, "file,http,https")
            _ = aip_curl_set_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
            _ = aip_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, 1)
            _ = aip_curl_set_long(handle, CURLOPT_MAXREDIRS, 5)
            _ = aip_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
            _ = aip_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT, options.connectTimeout)
            _ = aip_curl_set_long(handle, CURLOPT_LOW_SPEED_LIMIT, options.stallBytesPerSecond)
            _ = aip_curl_set_long(handle, CURLOPT_LOW_SPEED_TIME, options.stallSeconds)
            _ = aip_curl_set_long(handle, CURLOPT_TIMEOUT, options.totalTimeout)
            _ = aip_curl_set_string(handle, CURLOPT_USERAGENT, options.userAgent)
            _ = aip_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, buffer.baseAddress)
            _ = aip_curl_set_write_function(handle, writeCallback)
            _ = aip_curl_set_pointer(handle, CURLOPT_WRITEDATA, user)
            if sink.resumingFrom > 0 { _ = aip_curl_set_offset(handle, CURLOPT_RESUME_FROM_LARGE, curl_off_t(sink.resumingFrom)) }
            if sink.progress != nil {
                _ = aip_curl_set_progress_function(handle, progressCallback)
                _ = aip_curl_set_pointer(handle, CURLOPT_XFERINFODATA, user)
                _ = aip_curl_set_long(handle, CURLOPT_NOPROGRESS, 0)
            }
            return curl_easy_perform(handle)
        }
        sink.progress?.finish()
        if let failure = sink.failure { return failure }
        var status = 0
        _ = aip_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let reason = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        switch code {
        case CURLE_OK:
            if status == 404 || status == 410 { return .notFound(url: sink.url) }
            if status == 416 { return .http(status: 416, url: sink.url) }
            if status >= 400 { return .http(status: status, url: sink.url) }
            return nil
        case CURLE_FILE_COULDNT_READ_FILE, CURLE_REMOTE_FILE_NOT_FOUND:
            return .notFound(url: sink.url)
        case CURLE_RANGE_ERROR, CURLE_BAD_DOWNLOAD_RESUME:
            // The server cannot continue the partial file: reported like HTTP 416 so the caller starts over.
            return .http(status: 416, url: sink.url)
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout(url: sink.url, reason: reason)
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return .unsupportedScheme(url: sink.url)
        default:
            return .network(url: sink.url, reason: reason)
        }
    }
}
