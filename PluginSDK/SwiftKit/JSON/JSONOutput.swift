/// The encoder's output: bytes in one manually managed, growing allocation.
///
/// Encoding appends many tiny pieces; a raw buffer spares each of them Array's uniqueness and
/// capacity bookkeeping. `makeArray()` copies the result out once at the end. The
/// `StreamEncoder` owning the output frees it.
struct JSONOutput {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    /// Frees the bytes; the output must not be used afterwards.
    func deallocate() { base.deallocate() }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(toAtLeast: count + extra) }
    }

    @inline(never)
    private mutating func grow(toAtLeast needed: Int) {
        var larger = capacity * 2
        while larger < needed { larger *= 2 }
        let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        bytes.initialize(from: base, count: count)
        base.deallocate()
        base = bytes
        capacity = larger
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ first: UInt8, _ second: UInt8) {
        reserve(2)
        base[count] = first
        base[count + 1] = second
        count += 2
    }

    @inline(__always)
    mutating func append(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard let source = buffer.baseAddress else { return }
        reserve(buffer.count)
        (base + count).initialize(from: source, count: buffer.count)
        count += buffer.count
    }

    mutating func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends `text` as it is (for number text that needs no escaping).
    mutating func append(text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// Drops everything written after `count` bytes (to undo a member whose value failed).
    mutating func truncate(to count: Int) {
        if count < self.count { self.count = count }
    }

    /// Whether the `length` bytes at offsets `first` and `second` are equal.
    func bytesEqual(_ first: Int, _ second: Int, length: Int) -> Bool {
        for offset in 0..<length where base[first + offset] != base[second + offset] { return false }
        return true
    }

    /// A copy of the bytes written.
    func makeArray() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { buffer.baseAddress!.initialize(from: base, count: count) }
            initialized = count
        }
    }
}
