import AIPBenchSupport
import AIPConfig
import AIPHost
import AIPluginABI
import Foundation
import Logging

/// `prompt.render` called the way another plugin calls it: the real `libPromptPlugin.so` loaded
/// by the host, a handle resolved once, JSON bytes in and out through the C ABI.
struct CapabilityBench {
    let host: PluginHost
    let context: OpaquePointer?
    let handle: OpaquePointer

    init(library: String, dataRoot: String) throws {
        var logger = Logger(label: "prompt-bench")
        logger.logLevel = .error
        let config = try HostConfig.parse(text: #"{"plugins": {"prompt": {"install_builtins": false}}}"#, source: "(prompt-bench)", environment: [:])
        host = PluginHost(config: config, dataRoot: dataRoot, logger: logger)
        if case .failure(let refusal) = host.load(library) { throw BenchFailure("\(refusal)") }
        let refusals = host.startAll()
        guard refusals.isEmpty else { throw BenchFailure("\(refusals)") }
        context = host.pluginContext(named: "prompt")
        var resolved: OpaquePointer?
        guard host.hostAPI.pointee.lookup(context, "prompt.render", nil, &resolved) == AIP_OK, let resolved else {
            throw BenchFailure("cannot resolve prompt.render")
        }
        handle = resolved
    }

    /// Calls a capability once by name (setup calls, not measured).
    func call(_ capability: String, _ json: String) throws {
        var response = aip_response()
        response.struct_size = UInt32(MemoryLayout<aip_response>.size)
        let body = Array(json.utf8)
        let status = capability.withCString { name in
            body.withUnsafeBufferPointer { bytes in
                var request = Self.request(bytes)
                return host.hostAPI.pointee.call_by_name(context, name, &request, &response)
            }
        }
        let reply = response.data.map { String(decoding: UnsafeBufferPointer(start: $0, count: response.len), as: UTF8.self) } ?? ""
        host.hostAPI.pointee.free(response.data)
        guard status == AIP_OK else { throw BenchFailure("\(capability) failed: \(reply)") }
    }

    /// Latency of one `prompt.render` call through the handle.
    func render(_ json: String, iterations: Int) throws -> Percentiles {
        let body = Array(json.utf8)
        let api = host.hostAPI
        var failures = 0
        let figures = body.withUnsafeBufferPointer { bytes in
            var request = Self.request(bytes)
            return Percentiles.measure(iterations) { _ in
                var response = aip_response()
                response.struct_size = UInt32(MemoryLayout<aip_response>.size)
                if api.pointee.call(context, handle, &request, &response) != AIP_OK || response.len < 2000 { failures += 1 }
                api.pointee.free(response.data)
            }
        }
        guard failures == 0 else { throw BenchFailure("\(failures) prompt.render calls failed") }
        return figures
    }

    private static func request(_ bytes: UnsafeBufferPointer<UInt8>) -> aip_request {
        var request = aip_request()
        request.struct_size = UInt32(MemoryLayout<aip_request>.size)
        request.content_type = contentType
        request.data = bytes.baseAddress
        request.len = bytes.count
        return request
    }

    nonisolated(unsafe) private static let contentType = UnsafePointer(strdup("application/json"))
}
