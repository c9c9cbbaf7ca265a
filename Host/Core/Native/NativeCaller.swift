@preconcurrency import CFFI
import AIPConfig
import Foundation

/// Calls a native capability through libffi for callers that only have JSON (the CLI, pipelines).
/// The call interface is prepared once per capability; each call converts JSON arguments to C.
final class NativeCaller: @unchecked Sendable {
    let signature: NativeSignature
    private let function: UnsafeMutableRawPointer
    private var cif = ffi_cif()
    private let argumentTypes: UnsafeMutablePointer<UnsafeMutablePointer<ffi_type>?>

    init(signature: NativeSignature, function: UnsafeMutableRawPointer) throws(NativeCallError) {
        self.signature = signature
        self.function = function
        argumentTypes = .allocate(capacity: max(signature.arguments.count, 1))
        for (index, type) in signature.arguments.enumerated() {
            argumentTypes[index] = Self.ffiType(type)
        }
        let status = ffi_prep_cif(&cif, FFI_DEFAULT_ABI, UInt32(signature.arguments.count),
                                  Self.ffiType(signature.result), argumentTypes)
        guard status == FFI_OK else {
            throw NativeCallError("libffi could not prepare a call for \(signature) (status \(status.rawValue))")
        }
    }

    deinit { argumentTypes.deallocate() }

    private static func ffiType(_ type: NativeSignature.ValueType) -> UnsafeMutablePointer<ffi_type> {
        switch type {
        case .void: return withUnsafeMutablePointer(to: &ffi_type_void) { $0 }
        case .bool: return withUnsafeMutablePointer(to: &ffi_type_uint8) { $0 }
        case .i32: return withUnsafeMutablePointer(to: &ffi_type_sint32) { $0 }
        case .i64: return withUnsafeMutablePointer(to: &ffi_type_sint64) { $0 }
        case .u32: return withUnsafeMutablePointer(to: &ffi_type_uint32) { $0 }
        case .u64: return withUnsafeMutablePointer(to: &ffi_type_uint64) { $0 }
        case .f32: return withUnsafeMutablePointer(to: &ffi_type_float) { $0 }
        case .f64: return withUnsafeMutablePointer(to: &ffi_type_double) { $0 }
        case .str: return withUnsafeMutablePointer(to: &ffi_type_pointer) { $0 }
        }
    }

    /// Calls with JSON arguments (an array, matched to the signature) and returns the JSON result.
    /// `serialise` runs the actual call so the host can apply the plugin's threading rule.
    func call(_ arguments: [JSONValue], serialise: (() -> Void) -> Void) throws(NativeCallError) -> JSONValue {
        guard arguments.count == signature.arguments.count else {
            throw NativeCallError("\(signature) takes \(signature.arguments.count) argument(s), got \(arguments.count)")
        }
        // Every argument gets an 8-byte slot; strings are strdup'ed and freed after the call.
        let slots = UnsafeMutablePointer<UInt64>.allocate(capacity: max(arguments.count, 1))
        let pointers = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: max(arguments.count, 1))
        var strings: [UnsafeMutablePointer<CChar>] = []
        defer {
            strings.forEach { free($0) }
            slots.deallocate()
            pointers.deallocate()
        }
        for (index, (type, value)) in zip(signature.arguments, arguments).enumerated() {
            let slot = UnsafeMutableRawPointer(slots + index)
            try Self.store(value, as: type, into: slot, position: index, strings: &strings)
            pointers[index] = slot
        }
        var result: UInt64 = 0
        serialise {
            ffi_call(&cif, unsafeBitCast(function, to: (@convention(c) () -> Void).self), &result, pointers)
        }
        return Self.load(result, as: signature.result)
    }

    private static func store(_ value: JSONValue, as type: NativeSignature.ValueType, into slot: UnsafeMutableRawPointer,
                              position: Int, strings: inout [UnsafeMutablePointer<CChar>]) throws(NativeCallError) {
        func mismatch() -> NativeCallError {
            NativeCallError("argument \(position + 1) must be \(type.rawValue), got \(value.typeName) \(value.serialized())")
        }
        func integer(_ range: ClosedRange<Double>) throws(NativeCallError) -> Int64 {
            switch value {
            case .int(let number) where range.contains(Double(number)): return number
            case .double(let number) where number.rounded() == number && range.contains(number): return Int64(number)
            default: throw mismatch()
            }
        }
        switch type {
        case .void: throw mismatch()
        case .bool:
            guard case .bool(let flag) = value else { throw mismatch() }
            slot.storeBytes(of: flag ? 1 : 0, as: UInt8.self)
        case .i32: slot.storeBytes(of: Int32(try integer(Double(Int32.min)...Double(Int32.max))), as: Int32.self)
        case .i64: slot.storeBytes(of: try integer(-9.223372036854775808e18...9.223372036854775807e18), as: Int64.self)
        case .u32: slot.storeBytes(of: UInt32(try integer(0...Double(UInt32.max))), as: UInt32.self)
        case .u64: slot.storeBytes(of: UInt64(try integer(0...9.223372036854775807e18)), as: UInt64.self)
        case .f32:
            guard let number = value.doubleValue else { throw mismatch() }
            slot.storeBytes(of: Float(number), as: Float.self)
        case .f64:
            guard let number = value.doubleValue else { throw mismatch() }
            slot.storeBytes(of: number, as: Double.self)
        case .str:
            guard case .string(let text) = value, let copy = strdup(text) else { throw mismatch() }
            strings.append(copy)
            slot.storeBytes(of: UnsafeRawPointer(copy), as: UnsafeRawPointer.self)
        }
    }

    private static func load(_ raw: UInt64, as type: NativeSignature.ValueType) -> JSONValue {
        // libffi widens integer results narrower than a register to ffi_arg; read the low bits.
        switch type {
        case .void: return .null
        case .bool: return .bool(raw & 0xFF != 0)
        case .i32: return .int(Int64(Int32(truncatingIfNeeded: raw)))
        case .i64: return .int(Int64(bitPattern: raw))
        case .u32: return .int(Int64(UInt32(truncatingIfNeeded: raw)))
        case .u64: return raw <= UInt64(Int64.max) ? .int(Int64(raw)) : .double(Double(raw))
        case .f32: return .double(Double(Float(bitPattern: UInt32(truncatingIfNeeded: raw))))
        case .f64: return .double(Double(bitPattern: raw))
        case .str:
            guard let pointer = UnsafePointer<CChar>(bitPattern: UInt(raw)) else { return .null }
            return .string(String(cString: pointer))
        }
    }
}

public struct NativeCallError: Error, Sendable, CustomStringConvertible {
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
