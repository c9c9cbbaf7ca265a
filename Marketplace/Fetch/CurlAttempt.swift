import AIPMarketFetchCurl

/// How one transfer attempt ended, from the point of view of the retry loop.
enum AttemptEnd {
    case completed
    /// A transient failure: wait, then try again (resuming after the bytes already written).
    case retry(FetchError, retryAfter: Duration?)
    /// The server could not continue where the sink stops (416, a moved range, a changed size):
    /// empty the sink and start again at once.
    case restart
    case fail(FetchError)
}

/// One libcurl easy handle for one request. Callbacks run on the calling thread inside
/// `curl_easy_perform`, so the attempt's state needs no lock.
final class CurlAttempt {
    struct Plan {
        let url: String
        let options: FetchOptions
        let limits: SizeLimits
        /// The total size learned earlier in this download; a resumed response must agree with it.
        let knownTotal: Int64?
        /// What `If-Range` quotes when resuming, so a changed file comes back whole (200) instead of spliced.
        let validator: String?
        let timeout: Duration
    }

    let plan: Plan
    private let sink: TransferSink
    private let progress: ProgressBar?
    private let offset: Int64
    private var handle: UnsafeMutableRawPointer?
    private var bodyStarted = false
    private var abort: AttemptEnd?

    private(set) var headers = ResponseHeaders()
    /// The server honoured the Range request: the sink keeps the bytes of earlier attempts.
    private(set) var resumed = false
    /// The server ignored the Range request and the sink was emptied for the whole body.
    private(set) var replacedSink = false
    /// The full size the response announced (Content-Range total, or offset + Content-Length).
    private(set) var announcedTotal: Int64?

    init(plan: Plan, sink: TransferSink, progress: ProgressBar?) {
        self.plan = plan
        self.sink = sink
        self.progress = progress
        offset = sink.count
    }

    func run() -> AttemptEnd {
        guard CurlGlobal.ready, let handle = curl_easy_init() else {
            return .fail(.network(url: plan.url, message: "libcurl could not be initialised"))
        }
        self.handle = handle
        defer {
            curl_easy_cleanup(handle)
            self.handle = nil
        }
        var errorBuffer = [CChar](repeating: 0, count: Int(AIP_CURL_ERROR_SIZE))
        var requestHeaders: UnsafeMutablePointer<curl_slist>?
        if offset > 0, let validator = plan.validator {
            requestHeaders = curl_slist_append(nil, "If-Range: \(validator)")
        }
        defer { curl_slist_free_all(requestHeaders) }
        let code = errorBuffer.withUnsafeMutableBufferPointer { buffer -> CURLcode in
            if let failed = configure(handle, errorBuffer: buffer.baseAddress!, requestHeaders: requestHeaders) {
                return failed
            }
            return withExtendedLifetime(self) { curl_easy_perform(handle) }
        }
        let message = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return finish(code, curlMessage: message.isEmpty ? String(cString: curl_easy_strerror(code)) : message)
    }

    // MARK: Set-up

    private func configure(_ handle: UnsafeMutableRawPointer, errorBuffer: UnsafeMutablePointer<CChar>,
                           requestHeaders: UnsafeMutablePointer<curl_slist>?) -> CURLcode? {
        let options = plan.options
        let context = Unmanaged.passUnretained(self).toOpaque()
        var codes: [CURLcode] = [
            aip_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer),
            aip_curl_setopt_string(handle, CURLOPT_URL, plan.url),
            aip_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1),
            aip_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https,file"),
            aip_curl_setopt_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"),
            aip_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 1),
            aip_curl_setopt_long(handle, CURLOPT_MAXREDIRS, options.maxRedirects),
            aip_curl_setopt_long(handle, CURLOPT_FAILONERROR, 1),
            aip_curl_setopt_string(handle, CURLOPT_USERAGENT, options.userAgent),
            aip_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, max(options.connectTimeout.wholeMilliseconds, 1)),
            aip_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, max(plan.timeout.wholeMilliseconds, 1)),
            aip_curl_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, options.stall.bytesPerSecond),
            aip_curl_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, options.stall.seconds),
            aip_curl_setopt_long(handle, CURLOPT_BUFFERSIZE, 256 * 1024),
            aip_curl_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
                let attempt = Unmanaged<CurlAttempt>.fromOpaque(context!).takeUnretainedValue()
                let length = size * count
                return attempt.receive(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
            },
            aip_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context),
            aip_curl_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, context in
                let attempt = Unmanaged<CurlAttempt>.fromOpaque(context!).takeUnretainedValue()
                let length = size * count
                attempt.headers.consume(String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self))
                return length
            },
            aip_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context),
        ]
        if offset > 0 {
            codes.append(aip_curl_setopt_string(handle, CURLOPT_RANGE, "\(offset)-"))
        }
        if let caBundlePath = options.caBundlePath {
            codes.append(aip_curl_setopt_string(handle, CURLOPT_CAINFO, caBundlePath))
        }
        if let requestHeaders {
            codes.append(aip_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, requestHeaders))
        }
        if progress != nil {
            codes.append(aip_curl_setopt_long(handle, CURLOPT_NOPROGRESS, 0))
            codes.append(aip_curl_setopt_progress_callback(handle) { context, _, _, _, _ in
                Unmanaged<CurlAttempt>.fromOpaque(context!).takeUnretainedValue().reportProgress()
                return 0
            })
            codes.append(aip_curl_setopt_pointer(handle, CURLOPT_XFERINFODATA, context))
        }
        return codes.first { $0 != CURLE_OK }
    }

    // MARK: Callbacks

    private func receive(_ buffer: UnsafeRawBufferPointer) -> Bool {
        if !bodyStarted {
            bodyStarted = true
            if let refusal = beginBody() {
                abort = refusal
                return false
            }
        }
        if let refusal = plan.limits.refusal(total: sink.count + Int64(buffer.count), isFinal: false) {
            abort = .fail(refusal)
            return false
        }
        do {
            try sink.append(buffer)
        } catch {
            abort = .fail(error)
            return false
        }
        return true
    }

    /// Decides, once the response headers are in, whether the body continues the sink or replaces
    /// it, and refuses a body whose announced size is wrong before a byte of it is written.
    private func beginBody() -> AttemptEnd? {
        let status = responseCode()
        if status != 0 && !(200..<300).contains(status) {
            // A redirect without a usable Location, or another non-success answer: its body is not the file.
            return .fail(.http(status: status, url: plan.url))
        }
        if offset > 0 {
            if status == 206 || status == 0 {  // 0: file://, where libcurl itself seeks to the range
                if status == 206 {
                    guard let range = headers.contentRange, range.first == offset else { return .restart }
                    if let total = range.total, let known = plan.knownTotal, total != known { return .restart }
                }
                resumed = true
            } else {
                // A server that ignores Range (or whose If-Range no longer matches) sends the whole body again.
                do { try sink.restart() } catch { return .fail(error) }
                replacedSink = true
            }
        }
        let remaining = info(CURLINFO_CONTENT_LENGTH_DOWNLOAD_T)
        if status == 206, let total = headers.contentRange?.total {
            announcedTotal = total
        } else if remaining >= 0 {
            announcedTotal = sink.count + Int64(remaining)
        }
        if let announcedTotal {
            if let refusal = plan.limits.refusal(total: announcedTotal, isFinal: true) { return .fail(refusal) }
            if remaining > 0, let free = sink.availableSpace, Int64(remaining) > free, let path = sink.storagePath {
                return .fail(.diskFull(path: path))
            }
        }
        return nil
    }

    private func reportProgress() {
        progress?.update(bytes: sink.count, total: announcedTotal ?? plan.knownTotal ?? plan.limits.expectedSize)
    }

    // MARK: Outcome

    private func finish(_ code: CURLcode, curlMessage: String) -> AttemptEnd {
        if let abort { return abort }
        let url = plan.url
        switch code {
        case CURLE_OK:
            if !bodyStarted {
                // An empty body never reaches the write callback; the same checks still apply.
                bodyStarted = true
                if let refusal = beginBody() { return refusal }
            }
            return .completed
        case CURLE_HTTP_RETURNED_ERROR:
            let status = responseCode()
            switch status {
            case 404, 410: return .fail(.notFound(url: url))
            case 416: return .restart
            case 408, 425, 429, 500...599: return .retry(.http(status: status, url: url), retryAfter: headers.retryAfter)
            default: return .fail(.http(status: status, url: url))
            }
        case CURLE_FILE_COULDNT_READ_FILE, CURLE_REMOTE_FILE_NOT_FOUND:
            return .fail(.notFound(url: url))
        case CURLE_UNSUPPORTED_PROTOCOL:
            return .fail(.unsupportedScheme(url: url))
        case CURLE_RANGE_ERROR, CURLE_BAD_DOWNLOAD_RESUME:
            return .restart
        case CURLE_OPERATION_TIMEDOUT:
            if plan.timeout.wholeMilliseconds <= info(CURLINFO_TOTAL_TIME_T) / 1000 + 1 {
                return .fail(.timeout(url: url, after: plan.options.totalTimeout))
            }
            if !plan.url.lowercased().hasPrefix("file:"), info(CURLINFO_CONNECT_TIME_T) == 0 {
                return .retry(.network(url: url, message: curlMessage), retryAfter: nil)
            }
            return .retry(.stalled(url: url, limit: plan.options.stall), retryAfter: nil)
        case CURLE_URL_MALFORMAT, CURLE_TOO_MANY_REDIRECTS, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CIPHER, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
             CURLE_REMOTE_ACCESS_DENIED, CURLE_LOGIN_DENIED, CURLE_FILESIZE_EXCEEDED, CURLE_OUT_OF_MEMORY:
            return .fail(.network(url: url, message: curlMessage))
        default:
            return .retry(.network(url: url, message: curlMessage), retryAfter: nil)
        }
    }

    private func responseCode() -> Int {
        var value = 0
        guard let handle, aip_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &value) == CURLE_OK else { return 0 }
        return value
    }

    /// An `off_t` info value; -1 when libcurl does not know it.
    private func info(_ key: CURLINFO) -> Int {
        var value: curl_off_t = -1
        guard let handle, aip_curl_getinfo_offset(handle, key, &value) == CURLE_OK else { return -1 }
        return Int(value)
    }
}
