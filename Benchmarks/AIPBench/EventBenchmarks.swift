import AIPBenchSupport
import AIPEvents
import AIPHost
import AIPluginABI
import Foundation

final class DeliveryCounter: @unchecked Sendable {
    var count = 0
}

/// Publish → deliver throughput on the host's bus, with sync and async subscribers, and from a
/// C plugin through the host table.
enum EventBenchmarks {
    static func run(setup: BenchSetup, payload: [UInt8]) -> [Row] {
        var rows: [Row] = []
        for subscribers in [1, 8] {
            let bus = EventBus()
            let counters = (0..<subscribers).map { _ in DeliveryCounter() }
            for counter in counters {
                bus.subscribe(try! TopicPattern("bench.#"), owner: "bench") { _ in counter.count += 1 }
            }
            let ns = payload.withUnsafeBytes { bytes in
                nanosecondsPerOperation(iterations: 1_000_000) { count in
                    for _ in 0..<count { bus.publish(topic: "bench.tick", contentType: "application/json", payload: bytes, source: "bench") }
                }
            }
            let perSecond = 1e9 / ns
            rows.append(Row(name: "event publish→deliver 1→\(subscribers), sync", value: perSecond / 1e6, unit: "M events/s",
                            target: subscribers == 1 ? "≥ 2 M/s" : "-", met: subscribers == 1 ? perSecond >= 2e6 : nil))
            if subscribers == 8 {
                rows.append(Row(name: "  deliveries 1→8, sync", value: perSecond * 8 / 1e6, unit: "M deliveries/s", target: "-", met: nil))
            }
        }
        rows.append(asyncThroughput(payload: payload))
        rows.append(throughHostTable(setup: setup, payload: payload))
        return rows
    }

    /// One async subscriber; the time until every event has been delivered.
    private static func asyncThroughput(payload: [UInt8]) -> Row {
        let bus = EventBus()
        let counter = DeliveryCounter()
        bus.subscribe(try! TopicPattern("bench.#"), owner: "bench",
                      options: SubscribeOptions(delivery: .async, queueCapacity: 65536, overflow: .block(timeoutMillis: 10_000))) { _ in
            counter.count += 1
        }
        let ns = payload.withUnsafeBytes { bytes in
            nanosecondsPerOperation(iterations: 1_000_000, rounds: 5) { count in
                for _ in 0..<count { bus.publish(topic: "bench.tick", contentType: "application/json", payload: bytes, source: "bench") }
                _ = bus.drain(timeout: .seconds(60))
            }
        }
        let dropped = bus.stats().dropped
        bus.shutdown()
        return Row(name: "event publish→deliver 1→1, async\(dropped > 0 ? " (\(dropped) dropped!)" : "")", value: 1e3 / ns, unit: "M events/s", target: "-", met: nil)
    }

    /// A C plugin publishing through `aip_host_api.publish` to one sync subscriber.
    private static func throughHostTable(setup: BenchSetup, payload: [UInt8]) -> Row {
        let counter = DeliveryCounter()
        let subscription = setup.host.bus.subscribe(try! TopicPattern("bench.#"), owner: "bench") { _ in counter.count += 1 }
        defer { _ = setup.host.bus.unsubscribe(subscription) }
        let api = setup.host.hostAPI
        let ctx = setup.host.pluginContext(named: "c-bench")
        var failures = 0
        let ns = payload.withUnsafeBufferPointer { bytes in
            nanosecondsPerOperation(iterations: 1_000_000) { count in
                for _ in 0..<count where api.pointee.publish(ctx, "bench.tick", "application/json", bytes.baseAddress, bytes.count) != AIP_OK {
                    failures += 1
                }
            }
        }
        return Row(name: "event publish→deliver 1→1 via host table (C plugin)\(failures > 0 ? " FAILED" : "")",
                   value: 1e3 / ns, unit: "M events/s", target: "-", met: nil)
    }
}
