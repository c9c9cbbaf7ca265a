/// A flat JSON object written straight to bytes. Events are built on every request, and a
/// dictionary of `JSONValue`s costs allocations and hashing that the bus payload does not need.
public struct EventPayload {
    public private(set) var bytes: [UInt8] = [UInt8(ascii: "{")]

    public init() { bytes.reserveCapacity(384) }

    private mutating func key(_ name: StaticString) {
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    public mutating func add(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        Self.appendString(value, to: &bytes)
    }

    public mutating func add(_ name: StaticString, _ value: Int) {
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    public mutating func add(_ name: StaticString, _ value: Bool) {
        key(name)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// `{"name": …, "version": …}`.
    public mutating func add(_ name: StaticString, prompt: (name: String, version: Int)?) {
        guard let prompt else { return }
        key(name)
        bytes.append(contentsOf: "{\"name\":".utf8)
        Self.appendString(prompt.name, to: &bytes)
        bytes.append(contentsOf: ",\"version\":\(prompt.version)}".utf8)
    }

    public var finished: [UInt8] { bytes + [UInt8(ascii: "}")] }

    static func appendString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [92, 92])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
