import AIPEvents
import AIPHost
import ArgumentParser
import Foundation

struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "Watch the event bus.", subcommands: [Tail.self])

    struct Tail: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start the plugins and print events matching PATTERN as they are published.",
            discussion: """
            PATTERN uses dot segments with * (one segment) and # (any number), default #. \
            --publish and --call run after subscribing, so their events are seen. Without --count \
            or --timeout it runs until interrupted.
            """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Topic pattern (default: #).") var pattern = "#"
        @Option(help: "Stop after this many events.") var count: Int?
        @Option(help: "Stop after this many seconds.") var timeout: Double?
        @Option(name: .customLong("publish"), help: "Publish TOPIC=JSON as the host after subscribing (repeatable).")
        var publishes: [String] = []
        @Option(name: .customLong("call"), help: "Call CAPABILITY=JSON after subscribing (repeatable).")
        var calls: [String] = []

        struct Line: Encodable {
            let sequence: UInt64
            let topic: String
            let source: String
            let contentType: String
            let payload: JSONValueText
        }

        func run() throws {
            let topicPattern: TopicPattern
            do { topicPattern = try TopicPattern(pattern) } catch {
                throw ValidationError(error.message)
            }
            var session = try global.session()
            let refusals = session.loadAndStart(prober: global.prober)
            defer { session.host.stopAll() }
            for refusal in refusals { Output.error("warning: \(refusal.description)") }
            let seen = DispatchSemaphore(value: 0)
            let json = global.json
            session.host.bus.subscribe(topicPattern, owner: "cli", options: SubscribeOptions(delivery: .async, queueCapacity: 65536, overflow: .block(timeoutMillis: 1000))) { event in
                let text = String(decoding: event.payload, as: UTF8.self)
                if json {
                    Output.json(Line(sequence: event.sequence, topic: event.topic, source: event.source,
                                     contentType: event.contentType, payload: JSONValueText(text)))
                } else {
                    Output.line("#\(event.sequence) \(event.topic) from \(event.source): \(text)")
                }
                seen.signal()
            }
            for item in publishes {
                let (topic, payload) = try split(item, option: "--publish")
                do { try session.host.publish(topic: topic, payload: Array(payload.utf8)) } catch {
                    throw ValidationError("--publish \(topic): \(error.message)")
                }
            }
            for item in calls {
                let (capability, payload) = try split(item, option: "--call")
                let result = session.host.call(capability, body: Array(payload.utf8), caller: "cli")
                if !result.ok { Output.error("\(capability) failed (\(result.statusName)): \(CallCommand.message(of: result))") }
            }
            let deadline = timeout.map { DispatchTime.now() + $0 } ?? .distantFuture
            var received = 0
            while count.map({ received < $0 }) ?? true {
                guard seen.wait(timeout: deadline) == .success else { break }
                received += 1
            }
        }

        private func split(_ item: String, option: String) throws -> (String, String) {
            guard let equals = item.firstIndex(of: "=") else {
                throw ValidationError("\(option) takes NAME=JSON, got \(item)")
            }
            return (String(item[..<equals]), String(item[item.index(after: equals)...]))
        }
    }
}
