extension TapeDecoder {
    /// Tape index of the value of the first member of `object` called `name`.
    ///
    /// A linear scan comparing bytes in place. Codable asks for keys in declaration order,
    /// which is usually the document's order, so each search starts where the previous one in
    /// this object ended (the object's `hint`) and wraps around: in-order lookups then cost
    /// one comparison each. That is only right when no key repeats; objects where one may
    /// (`mayRepeatKeys`) are always searched from the start, so the first occurrence wins, as
    /// in Foundation. Not generic over the container's key type, so it compiles to a tight loop.
    func member(named name: String, in object: Int) -> Int? {
        var utf8Name = name
        return utf8Name.withUTF8 { nameBytes in
            var isASCII = true
            for byte in nameBytes where byte >= 0x80 { isASCII = false }
            let objectNode = nodes[object]
            let first = object + 1
            let end = Int(objectNode.next)
            let useHint = objectNode.flags & TapeNode.mayRepeatKeys == 0
            let start = useHint ? object + max(Int(objectNode.hint), 1) : first
            guard let key = scan(from: start, to: end, nameBytes, name, isASCII)
                ?? (start > first ? scan(from: first, to: start, nameBytes, name, isASCII) : nil) else { return nil }
            if useHint {
                let next = Int(nodes[key + 1].next) - object
                nodes[object].hint = next < end - object && next <= Int(UInt16.max) ? UInt16(next) : 0
            }
            return key + 1
        }
    }

    /// The first key node among the members from `start` up to `end` that is called `name`.
    private func scan(from start: Int, to end: Int, _ nameBytes: UnsafeBufferPointer<UInt8>, _ name: String,
                      _ isASCII: Bool) -> Int? {
        let length = UInt32(nameBytes.count)
        var member = start
        while member < end {
            let candidate = nodes[member]
            if candidate.isPlain && isASCII {
                // Plain ASCII on both sides: equal exactly when the bytes are equal.
                if candidate.length == length && equal(bytes + Int(candidate.start), nameBytes) { return member }
            } else if JSONStringText.string(candidate, in: bytes) == name {
                // Escapes or non-ASCII: compare as Strings, with Unicode canonical equivalence
                // like the dictionary lookup in Foundation's decoder.
                return member
            }
            member = Int(nodes[member + 1].next)
        }
        return nil
    }

    /// Byte comparison for short keys, without the call overhead of memcmp.
    private func equal(_ bytes: UnsafePointer<UInt8>, _ name: UnsafeBufferPointer<UInt8>) -> Bool {
        for index in 0..<name.count where bytes[index] != name[index] { return false }
        return true
    }
}
