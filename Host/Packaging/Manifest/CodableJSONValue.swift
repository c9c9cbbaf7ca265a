import AIPConfig

/// Carries an `AIPConfig.JSONValue` through `Codable`. A wrapper rather than a conformance on
/// JSONValue itself, so this module does not decide for every importer of AIPConfig how a
/// JSONValue encodes.
struct CodableJSONValue: Codable, Sendable, Equatable {
    let value: JSONValue

    init(_ value: JSONValue) {
        self.value = value
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = .null
        } else if let flag = try? container.decode(Bool.self) {
            value = .bool(flag)
        } else if let integer = try? container.decode(Int64.self) {
            value = .int(integer)
        } else if let number = try? container.decode(Double.self) {
            value = .double(number)
        } else if let text = try? container.decode(String.self) {
            value = .string(text)
        } else if let elements = try? container.decode([CodableJSONValue].self) {
            value = .array(elements.map(\.value))
        } else {
            let members = try container.decode([String: CodableJSONValue].self)
            value = .object(members.mapValues(\.value))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch value {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .int(let integer): try container.encode(integer)
        case .double(let number): try container.encode(number)
        case .string(let text): try container.encode(text)
        case .array(let elements): try container.encode(elements.map(CodableJSONValue.init))
        case .object(let members): try container.encode(members.mapValues(CodableJSONValue.init))
        }
    }
}
