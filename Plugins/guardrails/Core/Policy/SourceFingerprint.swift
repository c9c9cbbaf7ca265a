import Foundation

/// What the settings are built from, cheaply summarised: the config text and the path, size and
/// modification time of every file under the data directory. Reload compares fingerprints and
/// skips the rebuild (compiling the automata) when nothing changed.
public struct SourceFingerprint: Equatable, Sendable {
    private let summary: [String]

    public init(configText: String, dataDirectory: String?) {
        var summary = [configText]
        if let dataDirectory, let walker = FileManager.default.enumerator(atPath: dataDirectory) {
            var files: [String] = []
            while let relative = walker.nextObject() as? String {
                guard let attributes = walker.fileAttributes, attributes[.type] as? FileAttributeType == .typeRegular else { continue }
                let size = (attributes[.size] as? NSNumber)?.intValue ?? -1
                let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
                files.append("\(relative)\t\(size)\t\(modified)")
            }
            summary += files.sorted()
        }
        self.summary = summary
    }
}
