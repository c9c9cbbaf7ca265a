/// The model settings stored with a version (`model`, `temperature`, `max_tokens`, `stop`, …).
/// Well-known keys are checked for type and range; any other key is kept as given, because
/// providers keep adding their own.
public struct ModelParameters: Sendable, Hashable, Codable {
    public var values: [String: JSONValue]

    public init(_ values: [String: JSONValue] = [:]) {
        self.values = values
    }

    public init(from decoder: Decoder) throws {
        values = try decoder.singleValueContainer().decode([String: JSONValue].self)
    }

    public func encode(to encoder: Encoder) throws {
        try JSONValue.object(values).encode(to: encoder)
    }

    public subscript(key: String) -> JSONValue? { values[key] }

    public var isEmpty: Bool { values.isEmpty }

    private enum Rule {
        case string, integer(min: Double), number(ClosedRange<Double>), stringOrStrings
    }

    private static let rules: [String: Rule] = [
        "provider": .string,
        "model": .string,
        "temperature": .number(0...2),
        "max_tokens": .integer(min: 1),
        "top_p": .number(0...1),
        "top_k": .integer(min: 1),
        "frequency_penalty": .number(-2...2),
        "presence_penalty": .number(-2...2),
        "seed": .integer(min: -9.2e18),
        "stop": .stringOrStrings,
    ]

    /// The keys whose type and range are checked.
    public static var checkedKeys: [String] { rules.keys.sorted() }

    func validate(field: String = "model_parameters") throws {
        for key in values.keys.sorted() {
            guard let rule = Self.rules[key], let value = values[key] else { continue }
            let path = "\(field).\(key)"
            switch rule {
            case .string:
                guard let text = value.stringValue, !text.isEmpty else {
                    throw PromptError.invalid("\(path) must be a non-empty string, got \(value.typeName)")
                }
            case .integer(let minimum):
                guard let number = value.numberValue, number.rounded() == number, number >= minimum else {
                    throw PromptError.invalid("\(path) must be an integer of at least \(JSONValue.numberText(minimum)), got \(value.jsonText)")
                }
            case .number(let range):
                guard let number = value.numberValue, range.contains(number) else {
                    throw PromptError.invalid("\(path) must be a number from \(JSONValue.numberText(range.lowerBound)) to \(JSONValue.numberText(range.upperBound)), got \(value.jsonText)")
                }
            case .stringOrStrings:
                switch value {
                case .string: break
                case .array(let items) where items.allSatisfy({ $0.stringValue != nil }): break
                default: throw PromptError.invalid("\(path) must be a string or an array of strings, got \(value.typeName)")
                }
            }
        }
    }
}
