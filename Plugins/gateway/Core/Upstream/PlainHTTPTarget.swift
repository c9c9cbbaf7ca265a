/// Where a plain `http://` URL points: the connection's host and port, the `Host` header and the
/// request target (path and query). Nil for other schemes, user info or a malformed authority,
/// which stay with libcurl.
struct PlainHTTPTarget: Hashable, Sendable {
    let host: String
    let port: Int
    let hostHeader: String
    let path: String

    init?(url: String) {
        let bytes = Array(url.utf8)
        let scheme = Array("http://".utf8)
        guard bytes.count > scheme.count,
              zip(bytes, scheme).allSatisfy({ ($0 | (($0 >= 0x41 && $0 <= 0x5A) ? 0x20 : 0)) == $1 }) else { return nil }
        let rest = bytes[scheme.count...]
        let authorityEnd = rest.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? rest.endIndex
        let authority = rest[rest.startIndex..<authorityEnd]
        guard !authority.isEmpty, !authority.contains(UInt8(ascii: "@")) else { return nil }
        var path = String(decoding: rest[authorityEnd...].prefix { $0 != UInt8(ascii: "#") }, as: UTF8.self)
        if path.isEmpty || path.hasPrefix("?") { path = "/" + path }
        guard !path.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else { return nil }
        let hostPart: ArraySlice<UInt8>
        var portPart: ArraySlice<UInt8>?
        if authority.first == UInt8(ascii: "[") {
            // An IPv6 literal: "[::1]:8080".
            guard let close = authority.firstIndex(of: UInt8(ascii: "]")) else { return nil }
            hostPart = authority[(authority.startIndex + 1)..<close]
            let after = authority[(close + 1)...]
            if !after.isEmpty {
                guard after.first == UInt8(ascii: ":") else { return nil }
                portPart = after.dropFirst()
            }
        } else if let colon = authority.firstIndex(of: UInt8(ascii: ":")) {
            hostPart = authority[authority.startIndex..<colon]
            portPart = authority[(colon + 1)...]
        } else {
            hostPart = authority
        }
        guard !hostPart.isEmpty else { return nil }
        var port = 80
        if let portPart, !portPart.isEmpty {
            guard portPart.count <= 5, portPart.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  let number = Int(String(decoding: portPart, as: UTF8.self)), (1...65_535).contains(number) else { return nil }
            port = number
        }
        self.host = String(decoding: hostPart, as: UTF8.self)
        self.port = port
        self.hostHeader = String(decoding: authority, as: UTF8.self)
        self.path = path
    }
}
