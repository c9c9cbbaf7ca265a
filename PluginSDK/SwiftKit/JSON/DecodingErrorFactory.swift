import Foundation

/// Builds the `DecodingError`s the decoder throws, worded like Foundation's so that messages
/// (and the kit's `DecodingErrorText`, which switches over the cases) read the same.
enum DecodingErrorFactory {
    /// A `dataCorrupted` error. `detail` also becomes the debug description of an `NSError`
    /// underlying error, which is where the kit's error text looks for specifics.
    static func corrupted(codingPath: [any CodingKey], _ description: String, detail: String? = nil) -> DecodingError {
        let underlying = NSError(domain: NSCocoaErrorDomain, code: 3840,
                                 userInfo: [NSDebugDescriptionErrorKey: detail ?? description])
        return .dataCorrupted(.init(codingPath: codingPath, debugDescription: description, underlyingError: underlying))
    }

    static func typeMismatch(_ type: Any.Type, found node: TapeNode, codingPath: [any CodingKey]) -> DecodingError {
        .typeMismatch(type, .init(codingPath: codingPath,
                                  debugDescription: "Expected to decode \(type) but found \(node.foundDescription) instead."))
    }

    static func valueNotFound(_ type: Any.Type, codingPath: [any CodingKey], _ description: String? = nil) -> DecodingError {
        .valueNotFound(type, .init(codingPath: codingPath,
                                   debugDescription: description ?? "Cannot get value of type \(type) -- found null value instead"))
    }

    static func keyNotFound(_ key: any CodingKey, codingPath: [any CodingKey]) -> DecodingError {
        .keyNotFound(key, .init(codingPath: codingPath,
                                debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
    }

    /// Why the value at `node` cannot be read as `type`: null, a number out of the type's
    /// range, a string that is no valid Base64 or URL, or simply another kind of value.
    static func failure(reading type: Any.Type, from node: TapeNode, in bytes: UnsafePointer<UInt8>,
                        codingPath: [any CodingKey]) -> DecodingError {
        switch node.kind {
        case .null:
            return valueNotFound(type, codingPath: codingPath)
        case .number where type is any Numeric.Type:
            let text = JSONNumberText.text(node, in: bytes)
            return corrupted(codingPath: codingPath, "Parsed JSON number <\(text)> does not fit in \(type).")
        case .string where type == Data.self:
            return corrupted(codingPath: codingPath, "Encountered Data is not valid Base64.")
        case .string where type == URL.self:
            return corrupted(codingPath: codingPath, "Invalid URL string.")
        default:
            return typeMismatch(type, found: node, codingPath: codingPath)
        }
    }
}
