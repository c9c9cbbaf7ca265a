/// A flat JSON object written straight to bytes. Events are built on every request, and a
/// dictionary of `JSONValue`s costs allocations and hashing that the bus payload does not need.
public struct EventPayload {
    public private(set) var bytes: [UInt8] = [UInt8(ascii: "{")]

    public init() { bytes.reserveCapacity(384) }

    private mutating func key(_ name: StaticString) {
        // Byte by byte, not `append(contentsOf: [...])`: an array literal here costs an allocation.
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        JSONQuoting.appendRaw(name, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    public mutating func add(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        JSONQuoting.appendQuoted(value, to: &bytes)
    }

    public mutating func add(_ name: StaticString, _ value: Int) {
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    public mutating func add(_ name: StaticString, _ value: Bool) {
        key(name)
        if value { JSONQuoting.appendRaw("true", to: &bytes) } else { JSONQuoting.appendRaw("false", to: &bytes) }
    }

    /// `{"name": …, "version": …}`.
    public mutating func add(_ name: StaticString, prompt: (name: String, version: Int)?) {
        guard let prompt else { return }
        key(name)
        JSONQuoting.appendRaw("{\"name\":", to: &bytes)
        JSONQuoting.appendQuoted(prompt.name, to: &bytes)
        bytes.append(contentsOf: ",\"version\":\(prompt.version)}".utf8)
    }

    public var finished: [UInt8] {
        var done = bytes
        done.append(UInt8(ascii: "}"))
        return done
    }
}
