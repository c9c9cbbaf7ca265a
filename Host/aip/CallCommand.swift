import AIPConfig
import AIPHost
import ArgumentParser
import Foundation

struct CallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Call a capability and print its reply.",
        discussion: """
        INPUT is a JSON text, @FILE to read it from a file, or - for standard input (default: {}). \
        A native capability takes a JSON array of arguments, e.g. aip call counter.add '[2, 3]'.
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The capability, e.g. greeter.greet.") var capability: String
    @Argument(help: "JSON, @FILE or - (default: {}).") var input: String?
    @Option(name: .customLong("content-type"), help: "Content type of the input.") var contentType = "application/json"

    struct Wrapped: Encodable {
        let capability: String
        let status: String
        let contentType: String
        let body: JSONValueText
    }

    func run() throws {
        let body = try readInput()
        var session = try global.session()
        let refusals = session.loadAndStart(prober: global.prober, forCalling: capability)
        defer { session.host.stopAll() }
        for refusal in refusals { Output.error("warning: \(refusal.description)") }
        let result = session.host.call(capability, body: body, contentType: contentType, caller: "cli")
        if global.json {
            Output.json(Wrapped(capability: capability, status: result.statusName, contentType: result.contentType,
                                body: JSONValueText(result.text)))
        } else if result.ok {
            Output.line(result.text)
        } else {
            Output.error("\(capability) failed (\(result.statusName)): \(Self.message(of: result))")
        }
        guard result.ok else { throw ExitCode(result.statusName == "not_found" ? 2 : 1) }
    }

    private func readInput() throws -> [UInt8] {
        guard let input else { return Array("{}".utf8) }
        if input == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        if input.hasPrefix("@") {
            let path = String(input.dropFirst())
            guard let data = FileManager.default.contents(atPath: path) else {
                Output.error("cannot read input file \(path)")
                throw ExitCode(1)
            }
            return Array(data)
        }
        return Array(input.utf8)
    }

    static func message(of result: CallResult) -> String {
        if let parsed = try? JSONParser.parse(result.text), let message = parsed["error"]?["message"]?.stringValue {
            return message
        }
        return result.text
    }
}

/// Encodes as the JSON it holds when it is JSON, else as a JSON string.
struct JSONValueText: Encodable {
    let text: String
    init(_ text: String) { self.text = text }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value = try? JSONParser.parse(text) {
            try container.encode(EncodableJSON(value))
        } else {
            try container.encode(text)
        }
    }
}

struct EncodableJSON: Encodable {
    let value: JSONValue
    init(_ value: JSONValue) { self.value = value }

    func encode(to encoder: Encoder) throws {
        switch value {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let flag):
            var container = encoder.singleValueContainer()
            try container.encode(flag)
        case .int(let number):
            var container = encoder.singleValueContainer()
            try container.encode(number)
        case .double(let number):
            var container = encoder.singleValueContainer()
            try container.encode(number)
        case .string(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .array(let items):
            var container = encoder.unkeyedContainer()
            for item in items { try container.encode(EncodableJSON(item)) }
        case .object(let members):
            var container = encoder.container(keyedBy: DynamicKey.self)
            for (key, member) in members { try container.encode(EncodableJSON(member), forKey: DynamicKey(key)) }
        }
    }

    struct DynamicKey: CodingKey {
        let stringValue: String
        init(_ text: String) { stringValue = text }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }
}
