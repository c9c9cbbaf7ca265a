import AIPEvents
import AIPHost

extension PluginTestHost {
    /// Every event the plugins published so far, in publish order.
    public var events: [CapturedEvent] { recorder.snapshot() }

    /// The captured events whose topic matches `pattern` (`*` one segment, `#` any number).
    public func events(matching pattern: String) throws -> [CapturedEvent] {
        let pattern = try topicPattern(pattern)
        return recorder.snapshot().filter { pattern.matches($0.topic) }
    }

    /// The first event matching `pattern`, already captured or published within the time-out.
    public func waitForEvent(matching pattern: String, timeout: Duration? = nil) throws -> CapturedEvent {
        try waitForEvents(matching: pattern, count: 1, timeout: timeout)[0]
    }

    /// The first `count` events matching `pattern`, waiting up to the time-out for them.
    public func waitForEvents(matching pattern: String, count: Int, timeout: Duration? = nil) throws -> [CapturedEvent] {
        let parsed = try topicPattern(pattern)
        let limit = timeout ?? self.timeout
        guard let events = recorder.wait(timeout: limit, until: { $0.lazy.filter { parsed.matches($0.topic) }.count >= count }) else {
            let seen = recorder.snapshot().map(\.topic)
            throw PluginTestError.timedOut(
                operation: "waiting for \(count) event(s) matching \(pattern) (captured: \(seen.isEmpty ? "none" : seen.joined(separator: ", ")))",
                after: limit)
        }
        return Array(events.filter { parsed.matches($0.topic) }.prefix(count))
    }

    /// Forgets the events captured so far.
    public func clearEvents() {
        recorder.clear()
    }

    /// Publishes `value` as JSON to `topic` as the host, to drive the plugins' subscriptions, and
    /// returns once every subscriber, async ones included, has received it.
    public func publish(_ topic: String, json value: some Encodable, timeout: Duration? = nil) throws {
        try publish(topic, bytes: JSONCoding.encode(value, what: "the payload of \(topic)"),
                    contentType: "application/json", timeout: timeout)
    }

    /// Publishes raw bytes to `topic` as the host; see `publish(_:json:)`.
    public func publish(_ topic: String, bytes: [UInt8], contentType: String = "application/octet-stream",
                        timeout: Duration? = nil) throws {
        try ensureRunning()
        do { try EventTopic.validate(topic) } catch {
            throw PluginTestError.invalidSetup("cannot publish to \(topic): \(error.message)")
        }
        let host = host
        let limit = timeout ?? self.timeout
        try Watchdog.run("publishing \(topic)", timeout: limit) {
            try host.publish(topic: topic, payload: bytes, contentType: contentType)
            guard host.bus.drain(timeout: limit) else {
                throw PluginTestError.timedOut(operation: "delivering \(topic) to async subscribers", after: limit)
            }
        }
    }

    /// Waits until every async subscriber has handled what was published so far, e.g. before
    /// asserting on what a plugin did with another plugin's events.
    public func waitForDelivery(timeout: Duration? = nil) throws {
        let limit = timeout ?? self.timeout
        guard host.bus.drain(timeout: limit) else {
            throw PluginTestError.timedOut(operation: "delivering events to async subscribers", after: limit)
        }
    }

    private func topicPattern(_ text: String) throws -> TopicPattern {
        do { return try TopicPattern(text) } catch {
            throw PluginTestError.invalidSetup("invalid topic pattern \(text): \(error.message)")
        }
    }
}
