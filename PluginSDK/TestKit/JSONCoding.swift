import Foundation

/// JSON in and out of plugins, with errors that show the offending text.
enum JSONCoding {
    static func encode(_ value: some Encodable, what: String) throws -> [UInt8] {
        do { return Array(try JSONEncoder().encode(value)) } catch {
            throw PluginTestError.coding("cannot encode \(what) (\(type(of: value))) as JSON: \(error)")
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], what: String) throws -> T {
        do { return try JSONDecoder().decode(type, from: Data(bytes)) } catch {
            let text = String(decoding: bytes.prefix(2000), as: UTF8.self)
            throw PluginTestError.coding("cannot decode \(what) as \(T.self): \(describe(error)); the JSON was: \(text)")
        }
    }

    /// DecodingError's default description is a wall of context; keep the part that says what broke.
    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the top level" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "key \"\(key.stringValue)\" is missing at \(path(context))"
        case .typeMismatch(let type, let context):
            return "expected \(type) at \(path(context)): \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            return "expected \(type) at \(path(context)) but found null"
        case .dataCorrupted(let context):
            return "\(context.debugDescription) (at \(path(context)))"
        @unknown default:
            return "\(error)"
        }
    }
}
