import AIPluginABI
import Foundation

/// A call's full answer, error or not: what a gateway (the http plugin) passes on unchanged.
public struct RawReply: Sendable {
    public let status: PluginStatus
    public let contentType: String
    public let body: [UInt8]

    public init(status: PluginStatus, contentType: String, body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}

extension PluginContext {
    /// Calls by name and returns the status, content type and body as they came, without throwing
    /// on an error status (the body is then the JSON error body).
    public func callRaw(_ name: String, body: [UInt8], contentType: String = "application/json") -> RawReply {
        body.withUnsafeBytes { bytes in
            callRaw(name, bytes: bytes, contentType: contentType) { status, type, reply in
                RawReply(status: status, contentType: type, body: Array(reply))
            }
        }
    }

    /// `callRaw` without copies: the request bytes are passed as they are and `reply` sees the
    /// response body in place (valid only inside `reply`), so a gateway can write it straight
    /// into its own buffer.
    public func callRaw<T>(_ name: String, bytes: UnsafeRawBufferPointer, contentType: String = "application/json",
                           reply: (PluginStatus, String, UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try exchange(capability: name, bytes: bytes, contentType: contentType,
                     perform: { cName, request, response in api.pointee.call_by_name(ctx, cName, request, response) },
                     reply: reply)
    }

    /// One request/response exchange through the host table, used by every call: the request is
    /// built around the caller's bytes, `perform` makes the call (by name or through a handle),
    /// and `reply` sees the status, content type and body in place before the host frees it.
    func exchange<T>(capability: String, bytes: UnsafeRawBufferPointer, contentType: String,
                     perform: (UnsafePointer<CChar>, UnsafePointer<aip_request>, UnsafeMutablePointer<aip_response>) -> aip_status,
                     reply: (PluginStatus, String, UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        var response = aip_response()
        response.struct_size = UInt32(MemoryLayout<aip_response>.size)
        let status: aip_status = capability.withCString { cName in
            contentType.withCString { cType in
                pluginName.withCString { cCaller in
                    var request = aip_request()
                    request.struct_size = UInt32(MemoryLayout<aip_request>.size)
                    request.capability = cName
                    request.content_type = cType
                    request.data = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
                    request.len = bytes.count
                    request.caller = cCaller
                    return perform(cName, &request, &response)
                }
            }
        }
        defer { api.pointee.free(response.data) }
        let type = response.content_type.map { String(cString: $0) } ?? "application/json"
        return try reply(PluginStatus(code: status), type, UnsafeRawBufferPointer(start: response.data, count: response.data == nil ? 0 : response.len))
    }
}
