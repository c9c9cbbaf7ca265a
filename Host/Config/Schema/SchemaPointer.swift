import Foundation

/// JSON Pointer fragments ("#/$defs/name") naming subschemas, used both to report where a schema
/// error is and to resolve local `$ref`s.
enum SchemaPointer {
    static let root = "#"

    static func child(_ pointer: String, _ token: String) -> String {
        pointer + "/" + escape(token)
    }

    static func child(_ pointer: String, _ token: String, _ index: Int) -> String {
        child(pointer, token) + "/" + String(index)
    }

    /// RFC 6901 escaping: "~" and "/" inside a token become "~0" and "~1".
    static func escape(_ token: String) -> String {
        token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// Turns a `$ref` value into the pointer it designates, or `nil` when it is not a reference into
    /// the same document. `$ref` is a URI reference, so the fragment may be percent-encoded.
    static func localTarget(of reference: String) -> String? {
        guard reference.hasPrefix("#"), let decoded = reference.removingPercentEncoding else { return nil }
        guard decoded == root || decoded.hasPrefix(root + "/") else { return nil }
        return decoded
    }
}
