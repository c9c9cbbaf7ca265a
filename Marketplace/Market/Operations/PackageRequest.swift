import AIPVersioning

/// `NAME`, `NAME@RANGE` or `NAME@VERSION` as typed on the command line.
public struct PackageRequest: Sendable, Equatable, CustomStringConvertible {
    public let name: String
    public let range: VersionRange

    public init(name: String, range: VersionRange = .any) {
        self.name = name
        self.range = range
    }

    public init(parsing text: String) throws(MarketError) {
        let parts = text.split(separator: "@", maxSplits: 1).map(String.init)
        guard let name = parts.first, !name.isEmpty else {
            throw MarketError("\(text.debugDescription) is not a package: expected NAME or NAME@RANGE (e.g. greeter@^1.2)")
        }
        if parts.count == 2 {
            do {
                self.init(name: name, range: try VersionRange(parsing: parts[1]))
            } catch {
                throw MarketError("\(text.debugDescription): \(parts[1].debugDescription) is not a version range: \(error)")
            }
        } else {
            self.init(name: name)
        }
    }

    public var description: String { range == .any ? name : "\(name)@\(range)" }
}
