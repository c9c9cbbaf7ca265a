/// The tape of a parsed document: `TapeNode`s in one manually managed allocation.
///
/// Appending during the parse and reading during the decode are the two hottest operations of
/// decoding; a raw buffer spares them Array's uniqueness checks, bounds checks and reference
/// counting. The parser guarantees every index the decoder reads is in range. The
/// `TapeDecoder` that ends up owning the storage frees it.
struct TapeStorage {
    private(set) var nodes: UnsafeMutablePointer<TapeNode>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 4)
        nodes = .allocate(capacity: self.capacity)
    }

    @inline(__always)
    mutating func append(_ node: TapeNode) {
        if count == capacity { grow() }
        (nodes + count).initialize(to: node)
        count += 1
    }

    private mutating func grow() {
        let larger = UnsafeMutablePointer<TapeNode>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: nodes, count: count)
        nodes.deallocate()
        nodes = larger
        capacity *= 2
    }

    subscript(index: Int) -> TapeNode {
        get { nodes[index] }
        nonmutating set { nodes[index] = newValue }
    }

    /// Frees the nodes; the storage must not be used afterwards.
    func deallocate() { nodes.deallocate() }
}
