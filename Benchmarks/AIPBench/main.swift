import AIPBenchSupport
import AIPConfig
import AIPEvents
import AIPHost
import AIPluginABI
import Foundation
import Logging

// aip-bench: the host runtime's hot paths, measured through real dlopen'ed plugins.
// Run it with `swift run -c release aip-bench` (a debug build measures the optimiser's absence).

#if DEBUG
print("warning: this is a debug build; run `swift run -c release aip-bench` for meaningful figures\n")
#endif

let setup = try BenchSetup()
defer {
    setup.host.stopAll()
    try? FileManager.default.removeItem(atPath: setup.workDirectory)
}
var rows: [Row] = []

// 1. Typed native call through a resolved handle: the caller casts the pointer once.
do {
    let entry = try setup.host.resolve("bench.add")
    let add = unsafeBitCast(entry.nativeFunctionPointer!, to: (@convention(c) (Int64, Int64) -> Int64).self)
    var sum: Int64 = 0
    let ns = nanosecondsPerOperation(iterations: 20_000_000) { count in
        for index in 0..<count { sum = add(sum, Int64(index & 7)) }
    }
    blackHole(sum)
    rows.append(Row(name: "typed native call via resolved handle (C)", value: ns, unit: "ns", target: "≤ 20 ns", met: ns <= 20))
}

// 2. Message calls with an opaque 100-byte payload: by handle, then by name, as a plugin would
// through the host table (the reply is host-allocated and freed by the caller each time).
let payload = [UInt8](repeating: 0x61, count: 100)
/// `plugin` is the caller whose context is used; calling its own capability needs no extra permission.
func messageCall(_ capability: String, as plugin: String, byName: Bool, setup: BenchSetup, payload: [UInt8]) throws -> Double {
    let api = setup.host.hostAPI
    let ctx = setup.host.pluginContext(named: plugin)
    var handle: OpaquePointer?
    guard api.pointee.lookup(ctx, capability, nil, &handle) == AIP_OK else { throw BenchError("cannot resolve \(capability)") }
    return try capability.withCString { name in
        try payload.withUnsafeBufferPointer { bytes in
            var request = aip_request()
            request.struct_size = UInt32(MemoryLayout<aip_request>.size)
            request.content_type = UnsafePointer(strdup("application/octet-stream"))
            request.data = bytes.baseAddress
            request.len = bytes.count
            var failures = 0
            let ns = nanosecondsPerOperation(iterations: 2_000_000) { count in
                for _ in 0..<count {
                    var response = aip_response()
                    response.struct_size = UInt32(MemoryLayout<aip_response>.size)
                    let status = byName ? api.pointee.call_by_name(ctx, name, &request, &response)
                                        : api.pointee.call(ctx, handle, &request, &response)
                    if status != AIP_OK || response.len != 100 { failures += 1 }
                    api.pointee.free(response.data)
                }
            }
            guard failures == 0 else { throw BenchError("\(failures) failed calls to \(capability)") }
            return ns
        }
    }
}
for (capability, plugin, language) in [("bench.echo", "c-bench", "C"), ("sbench.echo", "swift-bench", "Swift")] {
    let byHandle = try messageCall(capability, as: plugin, byName: false, setup: setup, payload: payload)
    rows.append(Row(name: "message call via handle, 100 B (\(language))", value: byHandle, unit: "ns", target: "≤ 150 ns", met: byHandle <= 150))
    let byName = try messageCall(capability, as: plugin, byName: true, setup: setup, payload: payload)
    rows.append(Row(name: "message call by name each time, 100 B (\(language))", value: byName, unit: "ns", target: "≤ 400 ns", met: byName <= 400))
}

// 3. JSON decode + re-encode inside the plugin: jansson in C, Codable in Swift.
let jsonBody = Array(#"{"model":"gpt-4o-mini","user":"u-1","tokens":1234,"temperature":0.7,"stream":false,"tags":["a","b"]}"#.utf8)
for (capability, language, limit) in [("bench.json", "C, jansson", 5000.0), ("sbench.json", "Swift, Codable", 12000.0)] {
    let entry = try setup.host.resolve(capability)
    var failures = 0
    let ns = jsonBody.withUnsafeBufferPointer { bytes in
        var request = aip_request()
        request.struct_size = UInt32(MemoryLayout<aip_request>.size)
        request.data = bytes.baseAddress
        request.len = bytes.count
        return nanosecondsPerOperation(iterations: 100_000) { count in
            for _ in 0..<count {
                var response = aip_response()
                response.struct_size = UInt32(MemoryLayout<aip_response>.size)
                if entry.call(&request, &response) != AIP_OK { failures += 1 }
                free(response.data)
            }
        }
    }
    guard failures == 0 else { throw BenchError("\(failures) failed JSON calls to \(capability)") }
    rows.append(Row(name: "JSON round trip \(jsonBody.count) B (\(language))", value: ns / 1000, unit: "µs", target: "≤ \(Int(limit / 1000)) µs", met: ns <= limit))
}

// 4. Event publish → deliver.
rows += EventBenchmarks.run(setup: setup, payload: payload)

// 5. Cold start of `aip plugins list` with 10 plugins installed (registry cache warm).
rows.append(try ColdStartBenchmark.run(setup: setup))

printTable(rows)
