/// The coding keys the coders make up themselves: array positions in coding paths, and the
/// "super" key of `superDecoder()` / `superEncoder()`.
///
/// An index key builds its "Index 3" text only when someone reads it: decoding an array element
/// pushes one of these on the coding path, and formatting a string each time would cost more
/// than decoding a small element.
struct KitCodingKey: CodingKey {
    private enum Storage {
        case name(String)
        case index(Int)
    }

    private let storage: Storage

    init(stringValue: String) { storage = .name(stringValue) }
    init(intValue: Int) { storage = .index(intValue) }
    init(index: Int) { storage = .index(index) }

    static let `super` = KitCodingKey(stringValue: "super")

    var stringValue: String {
        switch storage {
        case .name(let name): name
        case .index(let index): "Index \(index)"
        }
    }

    var intValue: Int? {
        switch storage {
        case .name: nil
        case .index(let index): index
        }
    }
}
