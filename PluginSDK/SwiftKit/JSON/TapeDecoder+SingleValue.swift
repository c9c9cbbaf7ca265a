/// The decoder doubles as the single value container of its current value.
extension TapeDecoder: SingleValueDecodingContainer {
    func decodeNil() -> Bool { nodes[current].kind == .null }

    func decode(_ type: Bool.Type) throws -> Bool { try scalar(Bool.self, at: current, path: codingPath) }
    func decode(_ type: String.Type) throws -> String { try scalar(String.self, at: current, path: codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try scalar(Double.self, at: current, path: codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try scalar(Float.self, at: current, path: codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try scalar(Int.self, at: current, path: codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try scalar(Int8.self, at: current, path: codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try scalar(Int16.self, at: current, path: codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try scalar(Int32.self, at: current, path: codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try scalar(Int64.self, at: current, path: codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try scalar(UInt.self, at: current, path: codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try scalar(UInt8.self, at: current, path: codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try scalar(UInt16.self, at: current, path: codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try scalar(UInt32.self, at: current, path: codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try scalar(UInt64.self, at: current, path: codingPath) }

    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    func decode(_ type: Int128.Type) throws -> Int128 { try scalar(Int128.self, at: current, path: codingPath) }
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    func decode(_ type: UInt128.Type) throws -> UInt128 { try scalar(UInt128.self, at: current, path: codingPath) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decodeValue(T.self, at: current, key: nil, depth: codingPath.count)
    }
}
