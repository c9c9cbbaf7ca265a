import Foundation

/// Renders metrics in the Prometheus text exposition format (version 0.0.4).
public enum PrometheusText {
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// `requests` are the http plugin's own counts of answered requests by status code.
    public static func render(_ snapshot: MetricsSnapshot, requests: [Int: UInt64]) -> String {
        var out = ""
        func family(_ name: String, _ type: String, _ help: String) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
        }
        family("aip_capability_calls_total", "counter", "Calls per capability, over every provider and instance.")
        for c in snapshot.capabilities { out += "aip_capability_calls_total{capability=\"\(escape(c.capability))\"} \(c.calls)\n" }
        family("aip_capability_errors_total", "counter", "Calls per capability that returned a non-ok status.")
        for c in snapshot.capabilities { out += "aip_capability_errors_total{capability=\"\(escape(c.capability))\"} \(c.errors)\n" }
        family("aip_capability_call_duration_seconds", "histogram", "Time spent in capability calls.")
        for c in snapshot.capabilities {
            let label = "capability=\"\(escape(c.capability))\""
            for bucket in c.latencyBuckets {
                out += "aip_capability_call_duration_seconds_bucket{\(label),le=\"\(bucket.le.map(number) ?? "+Inf")\"} \(bucket.count)\n"
            }
            out += "aip_capability_call_duration_seconds_sum{\(label)} \(number(c.latencySecondsSum))\n"
            out += "aip_capability_call_duration_seconds_count{\(label)} \(c.calls)\n"
        }
        family("aip_events_published_total", "counter", "Events published on the bus.")
        out += "aip_events_published_total \(snapshot.events.published)\n"
        family("aip_events_delivered_total", "counter", "Event deliveries to subscribers.")
        out += "aip_events_delivered_total \(snapshot.events.delivered)\n"
        family("aip_events_dropped_total", "counter", "Events a subscriber never saw: queue overflow or unsubscribed with events queued.")
        out += "aip_events_dropped_total \(snapshot.events.dropped)\n"
        family("aip_events_queued", "gauge", "Events waiting in subscriber queues.")
        out += "aip_events_queued \(snapshot.events.queued)\n"
        family("aip_plugin_up", "gauge", "1 when the plugin is running.")
        for p in snapshot.plugins {
            out += "aip_plugin_up{plugin=\"\(escape(p.name))\",version=\"\(escape(p.version))\",isolation=\"\(escape(p.isolation))\"} \(p.state == "running" ? 1 : 0)\n"
        }
        family("aip_plugin_restarts_total", "counter", "Runner restarts after crashes (isolated plugins).")
        for p in snapshot.plugins { out += "aip_plugin_restarts_total{plugin=\"\(escape(p.name))\"} \(p.restarts)\n" }
        family("aip_http_requests_total", "counter", "HTTP requests answered, by status code.")
        for (code, count) in requests.sorted(by: { $0.key < $1.key }) { out += "aip_http_requests_total{code=\"\(code)\"} \(count)\n" }
        family("aip_uptime_seconds", "gauge", "Seconds since the daemon started.")
        out += "aip_uptime_seconds \(number(snapshot.uptimeSeconds))\n"
        return out
    }

    /// Label values escape backslash, double quote and newline.
    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
