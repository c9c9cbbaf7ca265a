/// The growable byte buffer `JSONWriter` writes into.
///
/// Raw memory rather than `[UInt8]`: the writer appends a byte or a short run several times per
/// value, and an array's uniqueness check and capacity bookkeeping on every append were a large
/// share of serialisation time. Non-copyable so the memory has exactly one owner.
struct JSONOutputBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    /// The bytes written so far, as text. Everything appended is UTF-8 from a `String` or ASCII,
    /// so the decoding never has to repair anything.
    var text: String {
        String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self)
    }

    var bytes: [UInt8] {
        Array(UnsafeBufferPointer(start: base, count: count))
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(toHold: 1) }
        base[count] = byte
        count &+= 1
    }

    @inline(__always)
    mutating func append(_ run: UnsafeBufferPointer<UInt8>) {
        guard let source = run.baseAddress, run.count > 0 else { return }
        if capacity - count < run.count { grow(toHold: run.count) }
        (base + count).update(from: source, count: run.count)
        count &+= run.count
    }

    /// Appends an ASCII literal such as `null` or `\\n`.
    @inline(__always)
    mutating func append(_ literal: StaticString) {
        append(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    mutating func append(repeating byte: UInt8, count repeats: Int) {
        guard repeats > 0 else { return }
        if capacity - count < repeats { grow(toHold: repeats) }
        (base + count).update(repeating: byte, count: repeats)
        count &+= repeats
    }

    /// Appends the decimal digits of `number`, as `String(number)` spells them, without creating a
    /// string.
    mutating func append(_ number: Int64) {
        // 19 digits and a sign at most.
        if capacity - count < 20 { grow(toHold: 20) }
        if number < 0 {
            base[count] = ASCII.minus
            count &+= 1
        }
        var magnitude = number.magnitude
        var digits = 1
        var scale: UInt64 = 10
        // Int64's largest magnitude has 19 digits, so `scale` stops at 10^19 and never overflows.
        while digits < 19, magnitude >= scale {
            digits += 1
            scale &*= 10
        }
        var position = count &+ digits
        count = position
        repeat {
            position &-= 1
            base[position] = ASCII.zero &+ UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
    }

    /// Doubles every time, so a document of any size costs a logarithmic number of copies.
    @inline(never)
    private mutating func grow(toHold extra: Int) {
        let newCapacity = max(capacity * 2, count + extra)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}
