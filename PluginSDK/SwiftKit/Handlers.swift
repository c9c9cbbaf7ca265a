import AIPluginABI
import Foundation

/// A request as a handler sees it. `body` is borrowed: valid only while the handler runs.
public struct IncomingCall {
    public let capability: String
    public let body: UnsafeRawBufferPointer
    // Kept as C strings and converted only when read: most handlers never look at them,
    // and a String conversion per call would cost more than the call itself.
    @usableFromInline let contentTypePointer: UnsafePointer<CChar>?
    @usableFromInline let callerPointer: UnsafePointer<CChar>?

    public init(capability: String, body: UnsafeRawBufferPointer, contentType: UnsafePointer<CChar>?, caller: UnsafePointer<CChar>?) {
        self.capability = capability
        self.body = body
        self.contentTypePointer = contentType
        self.callerPointer = caller
    }

    public var contentType: String { contentTypePointer.map { String(cString: $0) } ?? "application/json" }
    /// Name of the calling plugin, or "host" / "cli".
    public var caller: String { callerPointer.map { String(cString: $0) } ?? "" }

    /// Decodes the body as JSON; a malformed body becomes `invalid_argument` naming the capability.
    // Inlinable so that the decoder is specialised for T in the plugin's module: an
    // unspecialised generic Codable call is measurably slower.
    @inlinable
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        if let contentTypePointer, strncmp(contentTypePointer, "application/json", 16) != 0 {
            throw PluginError(.unsupported, "\(capability) takes application/json, got \(contentType)")
        }
        do {
            // An empty body decodes as {} (so a struct of optionals still decodes).
            guard !body.isEmpty else { return try JSONCoders.decoder.decode(T.self, from: JSONCoders.emptyObject) }
            // The body is borrowed for the whole call, so the decoder reads it in place.
            return try JSONCoders.decoder.decode(T.self, from: body)
        } catch {
            throw PluginError(.invalidArgument, "malformed payload for \(capability): \(DecodingErrorText.describe(error))")
        }
    }

    public var bytes: [UInt8] { Array(body) }
}

/// What a handler answers. Bytes are copied once into host memory when the reply is sent.
public struct Reply {
    @usableFromInline
    enum Storage {
        case bytes([UInt8])
        case borrowed(UnsafeRawBufferPointer)
    }

    @usableFromInline let storage: Storage
    public let contentType: StaticString

    @usableFromInline
    init(storage: Storage, contentType: StaticString) {
        self.storage = storage
        self.contentType = contentType
    }

    public static func bytes(_ bytes: [UInt8], contentType: StaticString = "application/octet-stream") -> Reply {
        Reply(storage: .bytes(bytes), contentType: contentType)
    }

    /// Replies with a copy of `buffer`, made before the handler returns (no intermediate array).
    public static func copying(_ buffer: UnsafeRawBufferPointer, contentType: StaticString = "application/octet-stream") -> Reply {
        Reply(storage: .borrowed(buffer), contentType: contentType)
    }

    @inlinable
    public static func json<T: Encodable>(_ value: T) throws -> Reply {
        Reply(storage: .bytes(try JSONCoders.encoder.encode(value)), contentType: "application/json")
    }

    public static func text(_ text: String) -> Reply {
        Reply(storage: .bytes(Array(text.utf8)), contentType: "text/plain; charset=utf-8")
    }
}

/// The handler of one message capability.
public struct CapabilityHandler: Sendable {
    @usableFromInline let body: @Sendable (IncomingCall) throws -> Reply

    @usableFromInline
    init(body: @escaping @Sendable (IncomingCall) throws -> Reply) {
        self.body = body
    }

    /// Raw bytes in, bytes out: the fastest path.
    public static func raw(_ body: @escaping @Sendable (IncomingCall) throws -> Reply) -> CapabilityHandler {
        CapabilityHandler(body: body)
    }

    /// Codable in, Codable out.
    @inlinable
    public static func json<Input: Decodable & Sendable, Output: Encodable & Sendable>(
        _ body: @escaping @Sendable (Input) throws -> Output
    ) -> CapabilityHandler {
        CapabilityHandler { call in try Reply.json(try body(try call.decode(Input.self))) }
    }

    /// Codable in, Codable out, with the call's metadata (caller, capability).
    @inlinable
    public static func json<Input: Decodable & Sendable, Output: Encodable & Sendable>(
        _ body: @escaping @Sendable (Input, IncomingCall) throws -> Output
    ) -> CapabilityHandler {
        CapabilityHandler { call in try Reply.json(try body(try call.decode(Input.self), call)) }
    }
}

/// The kit's own Codable JSON coders (PluginSDK/SwiftKit/JSON): about five times faster than
/// Foundation's on small bodies, and immutable values, so one of each serves every thread.
@usableFromInline
enum JSONCoders {
    @usableFromInline static let decoder = KitJSONDecoder()
    @usableFromInline static let encoder = KitJSONEncoder()
    @usableFromInline static let emptyObject: [UInt8] = Array("{}".utf8)
}

@usableFromInline
enum DecodingErrorText {
    /// A short, path-naming description of a JSONDecoder failure.
    @usableFromInline
    static func describe(_ error: Error) -> String {
        guard let decoding = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let joined = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return joined.isEmpty ? "" : " at \(joined)"
        }
        switch decoding {
        case .keyNotFound(let key, let context): return "missing field '\(key.stringValue)'\(path(context))"
        case .typeMismatch(let type, let context): return "expected \(type)\(path(context))"
        case .valueNotFound(let type, let context): return "missing \(type)\(path(context))"
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return "not valid JSON\(path(context))" + (underlying.map { ": \($0)" } ?? "")
        @unknown default: return "\(error)"
        }
    }
}
