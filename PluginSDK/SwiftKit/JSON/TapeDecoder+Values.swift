import Foundation

extension TapeDecoder {
    /// Decodes the value at tape index `index` as `T`. `key` is the value's key within the
    /// container that asks (nil when a single value container asks for its own value), and
    /// `depth` that container's path depth.
    ///
    /// Common scalars are read directly instead of through `T.init(from:)`. Data, URL and
    /// Decimal get the representation Foundation's JSONDecoder gives them (Base64 string,
    /// string, number) rather than their own Codable form.
    func decodeValue<T: Decodable>(_ type: T.Type, at index: Int, key: (any CodingKey)?, depth: Int) throws -> T {
        // The casts below are checked by the type comparisons before them.
        if T.self == String.self { return unsafeBitCast(try scalar(String.self, at: index, path: errorPath(depth, key)), to: T.self) }
        if T.self == Int.self { return unsafeBitCast(try scalar(Int.self, at: index, path: errorPath(depth, key)), to: T.self) }
        if T.self == Double.self { return unsafeBitCast(try scalar(Double.self, at: index, path: errorPath(depth, key)), to: T.self) }
        if T.self == Bool.self { return unsafeBitCast(try scalar(Bool.self, at: index, path: errorPath(depth, key)), to: T.self) }
        // Arrays of scalars skip Array's generic init(from:) and its runtime type lookups.
        if T.self == [String].self { return unsafeBitCast(try scalarArray(String.self, at: index, key: key, depth: depth), to: T.self) }
        if T.self == [Int].self { return unsafeBitCast(try scalarArray(Int.self, at: index, key: key, depth: depth), to: T.self) }
        if T.self == [Double].self { return unsafeBitCast(try scalarArray(Double.self, at: index, key: key, depth: depth), to: T.self) }
        if T.self == Data.self { return try data(at: index, path: errorPath(depth, key)) as! T }
        if T.self == URL.self { return try url(at: index, path: errorPath(depth, key)) as! T }
        if T.self == Decimal.self { return try decimal(at: index, path: errorPath(depth, key)) as! T }
        if T.self == Date.self {
            let seconds = try scalar(Double.self, at: index, path: errorPath(depth, key))
            return Date(timeIntervalSinceReferenceDate: seconds) as! T
        }

        let savedCurrent = current
        current = index
        if let key { codingPath.append(key) }
        defer {
            current = savedCurrent
            if key != nil { codingPath.removeLast() }
        }
        return try T(from: self)
    }

    /// The coding path for an error about the value at `key` (or this decoder's own value).
    private func errorPath(_ depth: Int, _ key: (any CodingKey)?) -> [any CodingKey] {
        guard let key else { return codingPath }
        return path(depth, key)
    }

    private func scalarArray<Element: TapeScalar>(_ type: Element.Type, at index: Int, key: (any CodingKey)?, depth: Int) throws -> [Element] {
        let node = nodes[index]
        guard node.kind == .array else {
            throw node.kind == .null
                ? DecodingErrorFactory.valueNotFound([Any].self, codingPath: errorPath(depth, key), "Cannot get unkeyed decoding container -- found null value instead")
                : DecodingErrorFactory.typeMismatch([Any].self, found: node, codingPath: errorPath(depth, key))
        }
        var elements: [Element] = []
        elements.reserveCapacity(Int(node.length))
        var element = index + 1
        for position in 0..<Int(node.length) {
            elements.append(try scalar(Element.self, at: element, path: errorPath(depth, key) + [KitCodingKey(index: position)]))
            element = Int(nodes[element].next)
        }
        return elements
    }

    private func data(at index: Int, path: @autoclosure () -> [any CodingKey]) throws -> Data {
        let node = nodes[index]
        guard node.kind == .string, let data = Data(base64Encoded: JSONStringText.string(node, in: bytes)) else {
            throw DecodingErrorFactory.failure(reading: Data.self, from: node, in: bytes, codingPath: path())
        }
        return data
    }

    private func url(at index: Int, path: @autoclosure () -> [any CodingKey]) throws -> URL {
        let node = nodes[index]
        guard node.kind == .string, let url = URL(string: JSONStringText.string(node, in: bytes)) else {
            throw DecodingErrorFactory.failure(reading: URL.self, from: node, in: bytes, codingPath: path())
        }
        return url
    }

    private func decimal(at index: Int, path: @autoclosure () -> [any CodingKey]) throws -> Decimal {
        let node = nodes[index]
        guard node.kind == .number, let decimal = JSONNumberText.decimal(node, in: bytes) else {
            throw DecodingErrorFactory.failure(reading: Decimal.self, from: node, in: bytes, codingPath: path())
        }
        return decimal
    }
}
