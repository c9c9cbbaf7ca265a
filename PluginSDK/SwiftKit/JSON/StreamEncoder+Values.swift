import Foundation

extension StreamEncoder {
    /// Encodes a whole value; answers its bytes, or nil if Foundation must do it instead (see
    /// `needsFallback`).
    func encodeRoot<T: Encodable>(_ value: T) throws -> [UInt8]? {
        let root = pushFrame(.pending, detached: false)
        try encodeValue(value, into: root)
        if needsFallback { return nil }
        if let misuse { throw misuse }
        guard activate(root) else { return nil }
        if frames[0].kind == .pending {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "Top-level \(T.self) did not encode any values."))
        }
        endTopFrame()
        return output.makeArray()
    }

    /// Writes `value` as the value of a member just begun with `beginMember`/`beginElement`
    /// in `handle`'s frame, under `key`; undoes the member if that fails.
    func encodeEntry<T: Encodable>(_ value: T, key: any CodingKey, mark: Mark, in handle: FrameHandle) throws {
        do {
            if try writeScalar(value, path: path(of: handle) + [key]) { return }
            // A nested value: a new frame at path + [key], ended when its encode(to:) returns.
            var savedPath: [any CodingKey]?
            let pathSlot = frames[Int(handle.index)].pathSlot
            if pathSlot >= 0 {
                savedPath = codingPath
                codingPath = detachedPaths[pathSlot]
            }
            codingPath.append(key)
            defer {
                if let savedPath { codingPath = savedPath } else { codingPath.removeLast() }
            }
            let frame = pushFrame(.pending, detached: false)
            try encodeValue(value, into: frame)
            guard activate(frame) else { return }
            endTopFrame()
        } catch {
            rollBack(mark, in: handle)
            throw error
        }
    }

    /// Writes `value` into `handle`'s frame, which has nothing in it yet.
    func encodeValue<T: Encodable>(_ value: T, into handle: FrameHandle) throws {
        let index = Int(handle.index)
        if try writeScalar(value, path: path(of: handle)) {
            frames[index].kind = .scalar
            return
        }
        // Let the value's own encode(to:) write into this frame, through `self`.
        let savedValueFrame = valueFrame
        var savedPath: [any CodingKey]?
        let pathSlot = frames[index].pathSlot
        if pathSlot >= 0 {
            savedPath = codingPath
            codingPath = detachedPaths[pathSlot]
        }
        valueFrame = index
        defer {
            valueFrame = savedValueFrame
            if let savedPath { codingPath = savedPath }
        }
        try value.encode(to: self)
    }

    /// Writes `value` directly if it is a scalar or a type that Foundation's encoder writes
    /// specially (Data as Base64, URL as its absolute string, Decimal as a number), and
    /// answers whether it did. Non-finite floating point values throw, as with Foundation.
    func writeScalar<T: Encodable>(_ value: T, path: @autoclosure () -> [any CodingKey]) throws -> Bool {
        // The casts below are checked by the type comparisons before them.
        if T.self == String.self {
            output.writeString(unsafeBitCast(value, to: String.self))
        } else if T.self == Int.self {
            output.writeInteger(unsafeBitCast(value, to: Int.self))
        } else if T.self == Double.self {
            let double = unsafeBitCast(value, to: Double.self)
            guard double.isFinite else { throw Self.nonFinite(double, path: path()) }
            output.writeDouble(double)
        } else if T.self == Bool.self {
            output.append(unsafeBitCast(value, to: Bool.self) ? "true" : "false")
        } else if T.self == Float.self {
            let float = unsafeBitCast(value, to: Float.self)
            guard float.isFinite else { throw Self.nonFinite(float, path: path()) }
            output.writeFloat(float)
        } else if T.self == [String].self {
            // Arrays of scalars skip Array's generic encode(to:) and its runtime type lookups.
            writeArray(unsafeBitCast(value, to: [String].self)) { $0.writeString($1) }
        } else if T.self == [Int].self {
            writeArray(unsafeBitCast(value, to: [Int].self)) { $0.writeInteger($1) }
        } else if T.self == [Double].self {
            let doubles = unsafeBitCast(value, to: [Double].self)
            if let bad = doubles.firstIndex(where: { !$0.isFinite }) {
                throw Self.nonFinite(doubles[bad], path: path() + [KitCodingKey(index: bad)])
            }
            writeArray(doubles) { $0.writeDouble($1) }
        } else if writeOtherInteger(value) {
            // written
        } else if T.self == Data.self {
            output.writeBase64(value as! Data)
        } else if T.self == URL.self {
            output.writeString((value as! URL).absoluteString)
        } else if T.self == Decimal.self {
            let decimal = value as! Decimal
            guard !decimal.isNaN else {
                throw EncodingError.invalidValue(decimal, .init(codingPath: path(), debugDescription: "Unable to encode Decimal.nan directly in JSON."))
            }
            output.append(text: decimal.description)
        } else if T.self == Date.self {
            let seconds = (value as! Date).timeIntervalSinceReferenceDate
            guard seconds.isFinite else { throw Self.nonFinite(seconds, path: path()) }
            output.writeDouble(seconds)
        } else {
            return false
        }
        return true
    }

    private func writeArray<Element>(_ elements: [Element], _ write: (inout JSONOutput, Element) -> Void) {
        output.append(UInt8(ascii: "["))
        for (index, element) in elements.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            write(&output, element)
        }
        output.append(UInt8(ascii: "]"))
    }

    /// The integer types other than Int, which is tested first because it is the common one.
    private func writeOtherInteger<T>(_ value: T) -> Bool {
        if T.self == Int64.self { output.writeInteger(unsafeBitCast(value, to: Int64.self)) }
        else if T.self == UInt64.self { output.writeInteger(unsafeBitCast(value, to: UInt64.self)) }
        else if T.self == Int32.self { output.writeInteger(unsafeBitCast(value, to: Int32.self)) }
        else if T.self == UInt32.self { output.writeInteger(unsafeBitCast(value, to: UInt32.self)) }
        else if T.self == UInt.self { output.writeInteger(unsafeBitCast(value, to: UInt.self)) }
        else if T.self == Int16.self { output.writeInteger(unsafeBitCast(value, to: Int16.self)) }
        else if T.self == UInt16.self { output.writeInteger(unsafeBitCast(value, to: UInt16.self)) }
        else if T.self == Int8.self { output.writeInteger(unsafeBitCast(value, to: Int8.self)) }
        else if T.self == UInt8.self { output.writeInteger(unsafeBitCast(value, to: UInt8.self)) }
        else if #available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *), T.self == Int128.self {
            output.writeInteger(unsafeBitCast(value, to: Int128.self))
        } else if #available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *), T.self == UInt128.self {
            output.writeInteger(unsafeBitCast(value, to: UInt128.self))
        } else { return false }
        return true
    }

    static func nonFinite<F: BinaryFloatingPoint>(_ value: F, path: [any CodingKey]) -> EncodingError {
        .invalidValue(value, .init(codingPath: path, debugDescription: "Unable to encode \(F.self).\(value) directly in JSON."))
    }
}
