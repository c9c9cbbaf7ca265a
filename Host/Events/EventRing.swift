/// A FIFO ring of events. Storage starts small and doubles on demand, so a subscription that asks for a
/// large capacity pays for it only if its queue actually fills; the owner enforces the capacity.
struct EventRing: Sendable {
    private var slots: ContiguousArray<BusEvent?>
    private var head = 0
    private(set) var count = 0

    init(initialSlots: Int = 64) {
        slots = ContiguousArray(repeating: nil, count: max(1, initialSlots))
    }

    var isEmpty: Bool { count == 0 }

    mutating func append(_ event: BusEvent) {
        if count == slots.count { grow() }
        slots[wrapped(head + count)] = event
        count += 1
    }

    mutating func removeFirst() -> BusEvent? {
        guard count > 0 else { return nil }
        defer {
            head = wrapped(head + 1)
            count -= 1
        }
        return slots[head].take()
    }

    /// Empties the ring; returns how many events were discarded.
    mutating func removeAll() -> Int {
        let discarded = count
        while count > 0 { _ = removeFirst() }
        return discarded
    }

    private func wrapped(_ index: Int) -> Int {
        index >= slots.count ? index - slots.count : index
    }

    private mutating func grow() {
        var larger = ContiguousArray<BusEvent?>(repeating: nil, count: slots.count * 2)
        for offset in 0..<count { larger[offset] = slots[wrapped(head + offset)].take() }
        slots = larger
        head = 0
    }
}
