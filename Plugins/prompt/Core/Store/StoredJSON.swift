import Foundation

/// JSON columns: the registry writes them itself with sorted keys, so equal content gives equal
/// text, and reads them back with the same coder.
enum StoredJSON {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String, column: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw PromptError(.storage, "column \(column) holds unreadable JSON: \(error)")
        }
    }
}
