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
        var response = aip_response()
        response.struct_size = UInt32(MemoryLayout<aip_response>.size)
        let status: aip_status = name.withCString { cName in
            contentType.withCString { cType in
                pluginName.withCString { cCaller in
                    body.withUnsafeBufferPointer { bytes in
                        var request = aip_request()
                        request.struct_size = UInt32(MemoryLayout<aip_request>.size)
                        request.capability = cName
                        request.content_type = cType
                        request.data = bytes.baseAddress
                        request.len = bytes.count
                        request.caller = cCaller
                        return api.pointee.call_by_name(ctx, cName, &request, &response)
                    }
                }
            }
        }
        let reply = response.data.map { Array(UnsafeBufferPointer(start: $0, count: response.len)) } ?? []
        let type = response.content_type.map { String(cString: $0) } ?? "application/json"
        api.pointee.free(response.data)
        return RawReply(status: PluginStatus(code: status), contentType: type, body: reply)
    }
}
