/// The arrays and objects the parser is inside, innermost last.
///
/// The entries of all open containers live in two shared scratch arrays, each container knowing
/// where its own entries start; a container that closes copies its entries out once, at their
/// final size. That saves the growth reallocations of a fresh array per container, and an object's
/// dictionary is built once from its members, so each key is hashed once rather than for the
/// duplicate check and again for the insertion.
struct JSONOpenContainers {
    private struct Frame {
        let isObject: Bool
        /// Where the container itself sits, used to name its children's locations.
        let path: String
        /// The index of the container's first entry in `elements` or `members`.
        let firstEntry: Int
        /// The key whose value is being read, for objects.
        var pendingKey = ""
        /// Every key read so far, kept only once an object is too large for a linear duplicate search.
        var keyIndex: Set<String>?
    }

    /// Below this many members a linear search for a duplicate key is cheaper than hashing.
    private static let linearSearchLimit = 16

    private var frames: [Frame] = []
    private var elements: [JSONValue] = []
    private var members: [(String, JSONValue)] = []

    var depth: Int {
        frames.count
    }

    /// Whether the innermost container is an object; `nil` when no container is open.
    var innermostIsObject: Bool? {
        frames.last?.isObject
    }

    mutating func open(isObject: Bool, path: String) {
        if frames.isEmpty, frames.capacity == 0 {
            // Room for a typical request body up front, instead of growing through 1, 2, 4, 8...
            frames.reserveCapacity(8)
            members.reserveCapacity(32)
            elements.reserveCapacity(16)
        }
        frames.append(Frame(isObject: isObject, path: path, firstEntry: isObject ? members.count : elements.count))
    }

    /// Whether the innermost object already has a member named `key`.
    func innermostContains(key: String) -> Bool {
        guard let frame = frames.last else { return false }
        if let keyIndex = frame.keyIndex { return keyIndex.contains(key) }
        for index in frame.firstEntry..<members.count where members[index].0 == key {
            return true
        }
        return false
    }

    /// Names the key whose value comes next in the innermost object.
    mutating func setPendingKey(_ key: String) {
        frames[frames.count - 1].pendingKey = key
    }

    /// Adds a finished value to the innermost container: under the pending key for an object.
    mutating func add(_ value: JSONValue) {
        let top = frames.count - 1
        guard frames[top].isObject else { return elements.append(value) }
        let key = frames[top].pendingKey
        members.append((key, value))
        if frames[top].keyIndex != nil {
            frames[top].keyIndex?.insert(key)
        } else if members.count - frames[top].firstEntry == Self.linearSearchLimit {
            frames[top].keyIndex = Set(members[frames[top].firstEntry...].lazy.map(\.0))
        }
    }

    /// Closes the innermost container and returns it as a value.
    mutating func close() -> JSONValue {
        let frame = frames.removeLast()
        if frame.isObject {
            let object = Dictionary(uniqueKeysWithValues: members[frame.firstEntry...])
            members.removeLast(members.count - frame.firstEntry)
            return .object(object)
        }
        let array = Array(elements[frame.firstEntry...])
        elements.removeLast(elements.count - frame.firstEntry)
        return .array(array)
    }

    /// The location path of the next value to be read: "" at the root, `parent.key` in an object,
    /// `parent[index]` in an array.
    func childPath() -> String {
        guard let parent = frames.last else { return "" }
        return parent.isObject
            ? JSONPath.member(parent.pendingKey, of: parent.path)
            : JSONPath.element(elements.count - parent.firstEntry, of: parent.path)
    }
}
