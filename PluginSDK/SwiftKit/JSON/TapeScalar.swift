/// A type the containers read straight from a tape node, without a nested `Decoder`.
///
/// One generic read path (`TapeDecoder.scalar`) then serves every `decode(Int.self…)`-style
/// overload of the three container kinds.
protocol TapeScalar {
    /// The value at `node`, or nil if the node is of another kind or out of range.
    static func read(_ node: TapeNode, in bytes: UnsafePointer<UInt8>) -> Self?
}

extension Bool: TapeScalar {
    static func read(_ node: TapeNode, in bytes: UnsafePointer<UInt8>) -> Bool? {
        switch node.kind {
        case .true: true
        case .false: false
        default: nil
        }
    }
}

extension String: TapeScalar {
    static func read(_ node: TapeNode, in bytes: UnsafePointer<UInt8>) -> String? {
        node.kind == .string ? JSONStringText.string(node, in: bytes) : nil
    }
}

extension Double: TapeScalar {
    static func read(_ node: TapeNode, in bytes: UnsafePointer<UInt8>) -> Double? {
        node.kind == .number ? JSONNumberText.double(node, in: bytes) : nil
    }
}

extension Float: TapeScalar {
    static func read(_ node: TapeNode, in bytes: UnsafePointer<UInt8>) -> Float? {
        node.kind == .number ? JSONNumberText.float(node, in: bytes) : nil
    }
}

/// The fixed-width integers of the Codable container protocols.
protocol TapeInteger: TapeScalar, FixedWidthInteger {}

extension TapeInteger {
    static func read(_ node: TapeNode, in bytes: UnsafePointer<UInt8>) -> Self? {
        node.kind == .number ? JSONNumberText.integer(node, in: bytes, as: Self.self) : nil
    }
}

extension Int: TapeInteger {}
extension Int8: TapeInteger {}
extension Int16: TapeInteger {}
extension Int32: TapeInteger {}
extension Int64: TapeInteger {}
extension UInt: TapeInteger {}
extension UInt8: TapeInteger {}
extension UInt16: TapeInteger {}
extension UInt32: TapeInteger {}
extension UInt64: TapeInteger {}
@available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
extension Int128: TapeInteger {}
@available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
extension UInt128: TapeInteger {}
