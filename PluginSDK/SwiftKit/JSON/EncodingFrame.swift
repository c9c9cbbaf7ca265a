/// One JSON value that is still being written: the encoder keeps a stack of them.
///
/// Output is streamed: `{`, keys and scalars go to the output as soon as they are encoded, and
/// the closing bracket when the frame ends. A value frame is opened for each nested
/// `encode(to:)` call and ends when that call returns. A detached frame is opened by
/// `nestedContainer`, `nestedUnkeyedContainer` or `superEncoder`; nothing says when its user is
/// done with it, so it ends when an enclosing container writes again or its parent ends.
struct EncodingFrame {
    enum Kind: UInt8 {
        /// Nothing written yet; ends as `{}`, as Foundation encodes a value that encodes nothing.
        case pending
        case object, array
        /// One scalar written by a single value container.
        case scalar
    }

    /// Unique within one encode, so a container can tell that its frame has ended.
    let id: UInt32
    var kind: Kind
    let detached: Bool
    /// Members or elements written so far.
    var count = 0
    /// Output offset of an object's `{`, where `RepeatedKeyCheck` finds its earlier keys.
    var start = 0
    /// Cheap filter of the object's key hashes (see `RepeatedKeyCheck`).
    var keyFilter: UInt64 = 0
    /// Value frames: how much of the encoder's `codingPath` is this value's path.
    let pathDepth: Int
    /// Detached frames: the index of their own coding path in the encoder's `detachedPaths`
    /// (their path is not on the encoder's path stack); -1 for value frames.
    let pathSlot: Int

    init(id: UInt32, kind: Kind, detached: Bool, pathDepth: Int, pathSlot: Int) {
        self.id = id
        self.kind = kind
        self.detached = detached
        self.pathDepth = pathDepth
        self.pathSlot = pathSlot
    }
}

/// How a container or encoder names its frame: the stack position and the frame's id, which
/// must still match when it writes (otherwise the frame has ended).
struct FrameHandle {
    let index: UInt32
    let id: UInt32

    /// A handle no frame matches, for containers handed out after encoding has stopped.
    static let none = FrameHandle(index: UInt32.max, id: UInt32.max)
}

/// The frame stack, in a manually managed allocation (frames are plain values, and the stack
/// is touched on every write). The `StreamEncoder` owning it frees it.
struct FrameStack {
    private var frames: UnsafeMutablePointer<EncodingFrame>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        frames = .allocate(capacity: capacity)
    }

    func deallocate() { frames.deallocate() }

    var top: Int { count - 1 }

    subscript(index: Int) -> EncodingFrame {
        get { frames[index] }
        nonmutating _modify { yield &frames[index] }
    }

    mutating func push(_ frame: EncodingFrame) {
        if count == capacity {
            let larger = UnsafeMutablePointer<EncodingFrame>.allocate(capacity: capacity * 2)
            larger.moveInitialize(from: frames, count: count)
            frames.deallocate()
            frames = larger
            capacity *= 2
        }
        (frames + count).initialize(to: frame)
        count += 1
    }

    mutating func pop() -> EncodingFrame {
        count -= 1
        return (frames + count).move()
    }

    /// Drops the frames above `index` without ending them (after a failed value).
    mutating func drop(above index: Int) {
        while count > index + 1 { _ = pop() }
    }
}
