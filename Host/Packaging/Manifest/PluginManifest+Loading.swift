import AIPConfig
import Foundation

extension PluginManifest {
    /// The file name a plugin's manifest has inside its folder and inside an archive.
    public static let fileName = "plugin.json"

    /// Reads and checks a `plugin.json`: strict JSON, then the manifest schema, then the meaning of
    /// each field (versions, ranges, signatures and topic patterns must parse). Every problem found
    /// is reported at once, with its field and line:column.
    public static func load(path: String) throws(ManifestError) -> PluginManifest {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ManifestError(file: path, field: "", reason: "cannot read the file: \(Self.readFailure(path))")
        }
        return try parse(Array(data), source: path)
    }

    /// Checks manifest bytes that did not come from a file of their own (e.g. inside an archive);
    /// `source` names them in every problem.
    public static func parse(_ bytes: [UInt8], source: String) throws(ManifestError) -> PluginManifest {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ManifestError(file: source, field: "", reason: "is not valid UTF-8 text")
        }
        let document: JSONValue
        let locations: [String: SourceLocation]
        do {
            (document, locations) = try JSONParser.parseWithLocations(text, source: source)
        } catch {
            throw ManifestError(file: source, field: "", location: error.location, reason: "invalid JSON: \(error.message)")
        }
        let problems = ManifestProblemCollector(document: document, locations: locations).problems()
        guard problems.isEmpty else { throw ManifestError(file: source, problems: problems) }
        do {
            return try JSONDecoder().decode(PluginManifest.self, from: Data(document.serialized().utf8))
        } catch {
            // The schema already guarantees every type the decoder needs, so this means the schema
            // and the Swift type disagree.
            throw ManifestError(file: source, field: "", reason: "passes the schema but cannot be decoded: \(error)")
        }
    }

    private static func readFailure(_ path: String) -> String {
        var status = stat()
        guard stat(path, &status) == 0 else { return String(cString: strerror(errno)) }
        return status.st_mode & S_IFMT == S_IFDIR ? "it is a directory" : "permission denied or unreadable"
    }
}
