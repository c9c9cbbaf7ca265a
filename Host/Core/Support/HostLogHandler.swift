import AIPConfig
import Foundation
import Logging

/// Log lines on stderr: `2026-11-26T19:22:01.123Z warning [greeter] message key=value`.
/// With `json: true` each line is one JSON object, for log shippers.
public struct HostLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let json: Bool

    public init(label: String, level: Logger.Level, json: Bool = false) {
        self.label = label
        self.logLevel = level
        self.json = json
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        let plugin = merged.removeValue(forKey: "plugin").map { "\($0)" }
        let time = Self.timestamp()
        let line: String
        if json {
            var fields = ["\"ts\":\"\(time)\"", "\"level\":\"\(event.level)\"", "\"msg\":\(Self.quote("\(event.message)"))"]
            if let plugin { fields.append("\"plugin\":\(Self.quote(plugin))") }
            for (key, value) in merged.sorted(by: { $0.key < $1.key }) { fields.append("\(Self.quote(key)):\(Self.quote("\(value)"))") }
            line = "{" + fields.joined(separator: ",") + "}\n"
        } else {
            let tag = plugin.map { " [\($0)]" } ?? ""
            let extra = merged.sorted(by: { $0.key < $1.key }).map { " \($0.key)=\($0.value)" }.joined()
            line = "\(time) \(event.level)\(tag) \(event.message)\(extra)\n"
        }
        FileHandle.standardError.write(Data(line.utf8))
    }

    private static func timestamp() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec, spec.tv_nsec / 1_000_000)
    }

    private static func quote(_ text: String) -> String {
        JSONValue.string(text).serialized()
    }
}
