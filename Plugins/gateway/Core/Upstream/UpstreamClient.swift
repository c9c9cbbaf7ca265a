import Foundation
import AIPMarketFetchCurl
import AIPLocking

/// HTTP POSTs to providers: `http://` ones on the gateway's own sockets (`PlainHTTPClient`), the
/// rest (TLS, proxies) through libcurl. Easy handles go back to a pool after each request:
/// `curl_easy_reset` keeps a handle's live connections, so the next request to the same host
/// reuses a kept-alive connection instead of paying a new TCP (and TLS) handshake.
public final class UpstreamClient: Sendable {
    public struct Response: Sendable {
        public var status: Int
        /// The whole body, or only the non-2xx body when the caller streamed.
        public var body: [UInt8]
        public var retryAfterSeconds: Double?
    }

    public enum TransportError: Error, Sendable, Equatable {
        case timeout(String)
        case cancelled
        case failed(String)
    }

    private struct Handle: @unchecked Sendable { let pointer: UnsafeMutableRawPointer }
    private let idle = Locked<[Handle]>([])
    private let maxIdle: Int
    public let connectTimeoutMs: Int

    static let ready: Bool = aip_curl_global_init() == CURLE_OK

    /// Nil when the environment names a proxy: libcurl then carries every request, as it honours
    /// `http_proxy`, `all_proxy` and `no_proxy`.
    private let plain: PlainHTTPClient?

    /// - Parameter ownHTTPClient: false sends `http://` upstreams through libcurl too (config `http_client: "curl"`).
    public init(maxIdleHandles: Int = 128, connectTimeoutMs: Int = 5_000, ownHTTPClient: Bool = true,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        maxIdle = maxIdleHandles
        self.connectTimeoutMs = connectTimeoutMs
        let proxied = ["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"].contains { !(environment[$0] ?? "").isEmpty }
        plain = proxied || !ownHTTPClient ? nil : PlainHTTPClient(maxIdlePerTarget: maxIdleHandles, connectTimeoutMs: connectTimeoutMs)
    }

    /// Whether `url` goes over the gateway's own sockets rather than libcurl (for tests).
    func usesPlainHTTP(_ url: String) -> Bool { plain != nil && PlainHTTPTarget(url: url) != nil }

    deinit {
        for handle in idle.withLock({ $0 }) { curl_easy_cleanup(handle.pointer) }
    }

    /// Sends one request on the calling thread. With `onData`, a 2xx body is handed over as it
    /// arrives; `onData` returning false, or `cancelled` turning true, aborts the transfer (the
    /// upstream sees its connection close).
    /// `idleTimeoutMs` (streams): the transfer is also abandoned when no byte arrived for that long
    /// (checked when curl reports progress, at least once a second).
    public func send(_ request: UpstreamRequest, timeoutMs: Int, idleTimeoutMs: Int? = nil, cancelled: (@Sendable () -> Bool)? = nil,
                     onData: ((UnsafeRawBufferPointer) -> Bool)? = nil) -> Result<Response, TransportError> {
        if let plain, let target = PlainHTTPTarget(url: request.url) {
            return plain.send(target, request, timeoutMs: timeoutMs, idleTimeoutMs: idleTimeoutMs, cancelled: cancelled, onData: onData)
        }
        guard Self.ready else { return .failure(.failed("libcurl could not be initialised")) }
        let handle: UnsafeMutableRawPointer
        if let reused = idle.withLock({ $0.popLast() }) {
            handle = reused.pointer
            curl_easy_reset(handle)
        } else if let fresh = curl_easy_init() {
            handle = fresh
        } else {
            return .failure(.failed("curl_easy_init failed"))
        }
        let transfer = Transfer(handle: handle, onData: onData, cancelled: cancelled, idleTimeoutMs: idleTimeoutMs.map(Int64.init))
        var headers: UnsafeMutablePointer<curl_slist>?
        // Without "Expect:", curl waits up to a second for "100 Continue" on bodies over 1 KiB.
        for line in request.headers + ["Expect:"] { headers = curl_slist_append(headers, line) }
        defer { curl_slist_free_all(headers) }
        var errorBuffer = [CChar](repeating: 0, count: Int(AIP_CURL_ERROR_SIZE))
        let code: CURLcode = request.body.withUnsafeBufferPointer { body in
            errorBuffer.withUnsafeMutableBufferPointer { errors in
                let context = Unmanaged.passUnretained(transfer).toOpaque()
                _ = aip_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errors.baseAddress)
                _ = aip_curl_setopt_string(handle, CURLOPT_URL, request.url)
                _ = aip_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
                _ = aip_curl_setopt_long(handle, CURLOPT_TCP_NODELAY, 1)
                _ = aip_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
                _ = aip_curl_setopt_long(handle, CURLOPT_POST, 1)
                _ = aip_curl_setopt_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: body.baseAddress))
                _ = aip_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, body.count)
                _ = aip_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headers)
                _ = aip_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, max(timeoutMs, 1))
                _ = aip_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, max(connectTimeoutMs, 1))

                _ = aip_curl_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
                    let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
                    return transfer.receive(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
                }
                _ = aip_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
                _ = aip_curl_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, context in
                    let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
                    transfer.header(UnsafeRawBufferPointer(start: data, count: size * count))
                    return size * count
                }
                _ = aip_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
                if cancelled != nil || idleTimeoutMs != nil {
                    _ = aip_curl_setopt_long(handle, CURLOPT_NOPROGRESS, 0)
                    _ = aip_curl_setopt_progress_callback(handle) { context, _, _, _, _ in
                        Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue().shouldStop ? 1 : 0
                    }
                    _ = aip_curl_setopt_pointer(handle, CURLOPT_XFERINFODATA, context)
                }
                return withExtendedLifetime(transfer) { curl_easy_perform(handle) }
            }
        }
        let message = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let result: Result<Response, TransportError>
        switch code {
        case CURLE_OK:
            result = .success(Response(status: transfer.status, body: transfer.body, retryAfterSeconds: transfer.retryAfter))
        case CURLE_OPERATION_TIMEDOUT:
            result = .failure(.timeout(message.isEmpty ? "timed out after \(timeoutMs) ms" : message))
        case CURLE_ABORTED_BY_CALLBACK where transfer.idleExpired:
            result = .failure(.timeout("no data for \(idleTimeoutMs ?? 0) ms"))
        case CURLE_WRITE_ERROR where transfer.stopped, CURLE_ABORTED_BY_CALLBACK:
            result = .failure(.cancelled)
        default:
            result = .failure(.failed(message.isEmpty ? String(cString: curl_easy_strerror(code)) : message))
        }
        // A handle whose transfer failed may hold a broken connection; curl drops those itself.
        let kept = idle.withLock { handles -> Bool in
            guard handles.count < maxIdle else { return false }
            handles.append(Handle(pointer: handle))
            return true
        }
        if !kept { curl_easy_cleanup(handle) }
        return result
    }
}

/// One transfer's state; curl calls back on the thread running `curl_easy_perform`, so no lock.
private final class Transfer {
    let handle: UnsafeMutableRawPointer
    let onData: ((UnsafeRawBufferPointer) -> Bool)?
    let cancelled: (@Sendable () -> Bool)?
    var status = 0
    var body: [UInt8] = []
    var retryAfter: Double?
    var stopped = false
    let idleTimeoutMs: Int64?
    var lastByteMs = Router.monotonicMs()
    var idleExpired = false

    init(handle: UnsafeMutableRawPointer, onData: ((UnsafeRawBufferPointer) -> Bool)?, cancelled: (@Sendable () -> Bool)?, idleTimeoutMs: Int64?) {
        self.handle = handle
        self.onData = onData
        self.cancelled = cancelled
        self.idleTimeoutMs = idleTimeoutMs
    }

    var isCancelled: Bool { cancelled?() ?? false }

    /// The client left, or the upstream has been silent past the idle time-out.
    var shouldStop: Bool {
        if isCancelled { return true }
        if let idleTimeoutMs, Router.monotonicMs() - lastByteMs > idleTimeoutMs {
            idleExpired = true
            return true
        }
        return false
    }

    /// Reads the status line and `Retry-After`; every other header line is skipped without
    /// making a string of it.
    func header(_ line: UnsafeRawBufferPointer) {
        if line.starts(with: Self.statusPrefix) {
            // "HTTP/1.1 200 OK": the digits after the first space.
            if let space = line.firstIndex(of: UInt8(ascii: " ")) {
                var code = 0
                var index = space + 1
                while index < line.count, let digit = Self.digit(line[index]) {
                    code = code * 10 + digit
                    index += 1
                }
                if index > space + 1 { status = code }
            }
            retryAfter = nil
        } else if line.count > Self.retryAfterName.count,
                  zip(line, Self.retryAfterName).allSatisfy({ ((0x41...0x5A).contains($0) ? $0 | 0x20 : $0) == $1 }) {
            let value = String(decoding: line[Self.retryAfterName.count...], as: UTF8.self)
            retryAfter = Double(value.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    private static let statusPrefix = Array("HTTP/".utf8)
    /// Lower case; the comparison folds the line's upper-case letters.
    private static let retryAfterName = Array("retry-after:".utf8)

    private static func digit(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }

    func receive(_ bytes: UnsafeRawBufferPointer) -> Bool {
        lastByteMs = Router.monotonicMs()
        if let onData, (200..<300).contains(status) {
            if isCancelled || !onData(bytes) {
                stopped = true
                return false
            }
            return true
        }
        body.append(contentsOf: bytes)
        return true
    }
}
