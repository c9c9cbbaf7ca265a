/// The signature of a native capability, e.g. `i64(i64,i64)`; grammar in aip_plugin.h.
public struct NativeSignature: Sendable, Hashable, CustomStringConvertible {
    public enum ValueType: String, Sendable, Hashable, CaseIterable {
        case void, bool, i32, i64, u32, u64, f32, f64, str
    }

    public let result: ValueType
    public let arguments: [ValueType]

    public init(result: ValueType, arguments: [ValueType]) {
        self.result = result
        self.arguments = arguments
    }

    public init(parsing text: String) throws(NativeSignatureError) {
        let compact = text.filter { $0 != " " }
        guard let open = compact.firstIndex(of: "("), compact.hasSuffix(")") else {
            throw NativeSignatureError(text: text, reason: "expected RESULT(ARG,...) such as i64(i64,i64)")
        }
        let resultName = String(compact[..<open])
        guard let result = ValueType(rawValue: resultName) else {
            throw NativeSignatureError(text: text, reason: "unknown result type '\(resultName)'")
        }
        let inner = compact[compact.index(after: open)..<compact.index(before: compact.endIndex)]
        var arguments: [ValueType] = []
        if !inner.isEmpty {
            for name in inner.split(separator: ",", omittingEmptySubsequences: false) {
                guard let type = ValueType(rawValue: String(name)), type != .void else {
                    throw NativeSignatureError(text: text, reason: "'\(name)' is not an argument type (i32 i64 u32 u64 f32 f64 bool str)")
                }
                arguments.append(type)
            }
        }
        guard arguments.count <= 16 else {
            throw NativeSignatureError(text: text, reason: "more than 16 arguments")
        }
        self.init(result: result, arguments: arguments)
    }

    public var description: String {
        "\(result.rawValue)(\(arguments.map(\.rawValue).joined(separator: ",")))"
    }
}

public struct NativeSignatureError: Error, Sendable, CustomStringConvertible {
    public let text: String
    public let reason: String
    public var description: String { "native signature '\(text)' is invalid: \(reason)" }
}
