/// The `Encoder` handed to `encode(to:)`: writes JSON straight into one output buffer.
///
/// It keeps a stack of open values (`EncodingFrame`) instead of building a tree. Containers
/// and super encoders hold a `FrameHandle` and write through the methods here, which first
/// end any finished detached frames above theirs. Two uses of Codable cannot be streamed:
/// writing to a container whose frame has already ended (containers used out of order), and
/// writing a key twice. Both set `needsFallback`; writing stops and `KitJSONEncoder` encodes
/// the value again with Foundation. Requesting conflicting containers for one value (which
/// Foundation traps on) is recorded in `misuse` and thrown at the end instead.
///
/// One instance serves a whole encode; not thread-safe and never shared.
final class StreamEncoder {
    // Exclusivity checks are off: these are only touched by this single-threaded encode, and
    // runtime checks on every write would cost more than the write.
    @exclusivity(unchecked) var output: JSONOutput
    @exclusivity(unchecked) var frames = FrameStack(capacity: 16)
    @exclusivity(unchecked) var codingPath: [any CodingKey] = []
    /// The coding paths of detached frames (`EncodingFrame.pathSlot`).
    @exclusivity(unchecked) var detachedPaths: [[any CodingKey]] = []
    @exclusivity(unchecked) private var repeatedKeys = RepeatedKeyCheck()
    /// The frame of the value that `self`, as an `Encoder`, currently stands for.
    @exclusivity(unchecked) var valueFrame = 0
    @exclusivity(unchecked) private var nextFrameID: UInt32 = 0
    /// True once writing has stopped, for a fallback or a misuse error.
    @exclusivity(unchecked) private(set) var stopped = false
    @exclusivity(unchecked) private(set) var misuse: EncodingError?
    @exclusivity(unchecked) private(set) var needsFallback = false

    init(capacity: Int = 256) {
        output = JSONOutput(capacity: capacity)
    }

    deinit {
        output.deallocate()
        frames.deallocate()
    }

    // MARK: Frames

    func pushFrame(_ kind: EncodingFrame.Kind, detached: Bool, path: [any CodingKey]? = nil) -> FrameHandle {
        var pathSlot = -1
        if let path {
            pathSlot = detachedPaths.count
            detachedPaths.append(path)
        }
        var frame = EncodingFrame(id: nextFrameID, kind: kind, detached: detached, pathDepth: codingPath.count, pathSlot: pathSlot)
        frame.start = output.count - 1  // for a detached object, its `{` was just written
        nextFrameID &+= 1
        frames.push(frame)
        return FrameHandle(index: UInt32(frames.top), id: frame.id)
    }

    func isOpen(_ handle: FrameHandle) -> Bool {
        Int(handle.index) < frames.count && frames[Int(handle.index)].id == handle.id
    }

    /// Stops writing: the value will be encoded by Foundation instead.
    func fallBack() {
        needsFallback = true
        stopped = true
    }

    /// Makes `handle`'s frame the innermost one by ending the finished detached frames above
    /// it; answers whether the caller may write there.
    func activate(_ handle: FrameHandle) -> Bool {
        if stopped { return false }
        guard isOpen(handle) else {
            fallBack()  // written to after its frame ended: containers used out of order
            return false
        }
        while frames.top > Int(handle.index) {
            // A value frame above means a nested encode(to:) is still running, and something
            // outside it is writing: out of order too.
            guard frames[frames.top].detached else {
                fallBack()
                return false
            }
            endTopFrame()
        }
        return true
    }

    /// Ends the innermost frame, writing what closes it.
    func endTopFrame() {
        let frame = frames.pop()
        switch frame.kind {
        case .object:
            output.append(UInt8(ascii: "}"))
            repeatedKeys.end(frame)
        case .array: output.append(UInt8(ascii: "]"))
        case .pending: output.append(UInt8(ascii: "{"), UInt8(ascii: "}"))
        case .scalar: break
        }
    }

    /// The coding path of the value in `handle`'s frame.
    func path(of handle: FrameHandle) -> [any CodingKey] {
        guard isOpen(handle) else { return codingPath }
        let frame = frames[Int(handle.index)]
        if frame.pathSlot >= 0 { return detachedPaths[frame.pathSlot] }
        return frame.pathDepth >= codingPath.count ? codingPath : Array(codingPath[..<frame.pathDepth])
    }

    /// Records a misuse of containers that Foundation traps on; it is thrown when the
    /// encode ends.
    func recordMisuse(_ description: String, at handle: FrameHandle) {
        guard !stopped else { return }
        misuse = .invalidValue(Optional<Any>.none as Any, .init(codingPath: path(of: handle), debugDescription: description))
        stopped = true
    }

    // MARK: Starting containers

    /// Opens `handle`'s frame as an object (or finds it open as one) for a keyed container.
    func keyedFrame(_ handle: FrameHandle) -> FrameHandle {
        open(handle, as: .object, opening: UInt8(ascii: "{"), "Attempt to push new keyed encoding container when already previously encoded at this path.")
    }

    /// Opens `handle`'s frame as an array (or finds it open as one) for an unkeyed container.
    func unkeyedFrame(_ handle: FrameHandle) -> FrameHandle {
        open(handle, as: .array, opening: UInt8(ascii: "["), "Attempt to push new unkeyed encoding container when already previously encoded at this path.")
    }

    private func open(_ handle: FrameHandle, as kind: EncodingFrame.Kind, opening: UInt8, _ misuseDescription: String) -> FrameHandle {
        guard activate(handle) else { return .none }
        let index = Int(handle.index)
        switch frames[index].kind {
        case kind:
            return handle  // asked again for the same value (e.g. by a superclass): keep adding
        case .pending:
            output.append(opening)
            frames[index].kind = kind
            frames[index].start = output.count - 1
            return handle
        default:
            recordMisuse(misuseDescription, at: handle)
            return .none
        }
    }

    // MARK: Members and elements

    /// Where the output stood before a member or element, to undo it if its value fails.
    typealias Mark = Int

    /// Starts a member of the object in `handle`'s frame: separator, key and colon. Nil when
    /// writing has stopped (the caller then writes nothing).
    func beginMember(_ handle: FrameHandle, key: String) -> Mark? {
        guard activate(handle) else { return nil }
        let index = Int(handle.index)
        let mark = output.count
        if frames[index].count > 0 { output.append(UInt8(ascii: ",")) }
        let keyStart = output.count + 1
        output.writeString(key)
        let keyLength = output.count - 1 - keyStart
        output.append(UInt8(ascii: ":"))
        guard repeatedKeys.insert(key: keyStart, length: keyLength, limit: mark, of: output, into: &frames[index]) else {
            fallBack()  // a repeated key: Foundation keeps the last value
            return nil
        }
        frames[index].count += 1
        return mark
    }

    /// Starts an element of the array in `handle`'s frame: the separator.
    func beginElement(_ handle: FrameHandle) -> Mark? {
        guard activate(handle) else { return nil }
        let index = Int(handle.index)
        let mark = output.count
        if frames[index].count > 0 { output.append(UInt8(ascii: ",")) }
        frames[index].count += 1
        return mark
    }

    /// Undoes a member or element whose value failed, so that a caller catching the error can
    /// go on encoding.
    func rollBack(_ mark: Mark, in handle: FrameHandle) {
        guard !stopped, isOpen(handle) else { return }
        let index = Int(handle.index)
        frames.drop(above: index)
        output.truncate(to: mark)
        frames[index].count -= 1
    }

    /// Opens a detached frame for the member or element just begun in `handle`'s frame.
    func pushDetached(_ kind: EncodingFrame.Kind, path: [any CodingKey]) -> FrameHandle {
        switch kind {
        case .object: output.append(UInt8(ascii: "{"))
        case .array: output.append(UInt8(ascii: "["))
        case .pending, .scalar: break
        }
        return pushFrame(kind, detached: true, path: path)
    }
}

extension StreamEncoder: Encoder {
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    private var valueHandle: FrameHandle {
        valueFrame < frames.count ? FrameHandle(index: UInt32(valueFrame), id: frames[valueFrame].id) : .none
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(StreamKeyedEncodingContainer<Key>(encoder: self, handle: keyedFrame(valueHandle)))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        StreamUnkeyedEncodingContainer(encoder: self, handle: unkeyedFrame(valueHandle))
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        StreamSingleValueEncodingContainer(encoder: self, handle: valueHandle)
    }
}
