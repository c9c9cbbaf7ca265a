import AIPConfig
import AIPEvents
import AIPHost
import AIPToolchain
import AIPVersioning

/// The checks a JSON Schema cannot express: versions, ranges, signatures and topic patterns must
/// parse exactly as the host will parse them, names must not repeat, and a Swift plugin must name
/// its toolchain. Each check looks only at fields of the right JSON type, so it can run on a
/// document the schema rejected and still explain the fields it understands.
struct ManifestSemanticChecks {
    let document: JSONValue

    func findings() -> [ManifestFinding] {
        var found: [ManifestFinding] = []
        checkName(into: &found)
        checkLibrary(into: &found)
        if let version = document["version"]?.stringValue {
            checkSemanticVersion(version, field: "version", into: &found)
        }
        checkToolchain(into: &found)
        checkProvides(into: &found)
        checkRequires(into: &found)
        for direction in ["publish", "subscribe"] {
            checkTopicPatterns(document["permissions"]?[direction]?.arrayValue ?? [],
                               field: ManifestFinding.member(direction, of: "permissions"), into: &found)
        }
        checkConfigSchema(into: &found)
        return found
    }

    private func checkName(into found: inout [ManifestFinding]) {
        guard let name = document["name"]?.stringValue else { return }
        if name.contains("/") || name.contains("\\") {
            found.append(.init(field: "name", reason: "'\(name)' contains a path separator; the name is a bare identifier ([a-z0-9][a-z0-9._-]*), and where the library lives is the \"library\" field's business"))
        }
    }

    private func checkLibrary(into found: inout [ManifestFinding]) {
        guard let library = document["library"]?.stringValue else { return }
        if library.contains("/") || library.contains("\\") || library == "." || library == ".." {
            found.append(.init(field: "library", reason: "'\(library)' must be the bare file name of the .so in the manifest's folder: no '/' and no '..'"))
        }
    }

    private func checkSemanticVersion(_ text: String, field: String, into found: inout [ManifestFinding]) {
        do { _ = try SemanticVersion(parsing: text) } catch {
            found.append(.init(field: field, reason: error.message))
        }
    }

    private func checkToolchain(into found: inout [ManifestFinding]) {
        let language = document["language"]?.stringValue
        let toolchain = document["swift_toolchain"]
        if language == "swift", toolchain == nil {
            found.append(.init(field: "swift_toolchain", reason: "is required when language is \"swift\": Swift has no stable ABI on Linux, so the manifest must name the compiler that built the plugin (this host's is \(SwiftToolchain.version))"))
        } else if language == "c", toolchain != nil {
            found.append(.init(field: "swift_toolchain", reason: "must be left out when language is \"c\"; only Swift plugins are tied to a compiler version"))
        }
    }

    private func checkProvides(into found: inout [ManifestFinding]) {
        var firstIndex: [String: Int] = [:]
        for (index, entry) in (document["provides"]?.arrayValue ?? []).enumerated() {
            let path = ManifestFinding.element(index, of: "provides")
            if let name = entry["name"]?.stringValue {
                if let earlier = firstIndex[name] {
                    found.append(.init(field: ManifestFinding.member("name", of: path), reason: "capability \(name) is already provided by provides[\(earlier)]; each capability is declared once"))
                } else {
                    firstIndex[name] = index
                }
            }
            if let version = entry["version"]?.stringValue {
                checkSemanticVersion(version, field: ManifestFinding.member("version", of: path), into: &found)
            }
            if let signature = entry["signature"]?.stringValue {
                do { _ = try NativeSignature(parsing: signature) } catch {
                    found.append(.init(field: ManifestFinding.member("signature", of: path), reason: error.description))
                }
            }
        }
    }

    private func checkRequires(into found: inout [ManifestFinding]) {
        var firstIndex: [String: Int] = [:]
        for (index, entry) in (document["requires"]?.arrayValue ?? []).enumerated() {
            let path = ManifestFinding.element(index, of: "requires")
            if let name = entry["name"]?.stringValue {
                if let earlier = firstIndex[name] {
                    found.append(.init(field: ManifestFinding.member("name", of: path), reason: "capability \(name) is already required by requires[\(earlier)]; merge the two entries"))
                } else {
                    firstIndex[name] = index
                }
            }
            if let range = entry["range"]?.stringValue {
                do { _ = try VersionRange(parsing: range) } catch {
                    found.append(.init(field: ManifestFinding.member("range", of: path), reason: error.message))
                }
            }
        }
    }

    private func checkTopicPatterns(_ patterns: [JSONValue], field: String, into found: inout [ManifestFinding]) {
        for (index, pattern) in patterns.enumerated() {
            guard let text = pattern.stringValue else { continue }
            do { _ = try TopicPattern(text) } catch {
                found.append(.init(field: ManifestFinding.element(index, of: field), reason: error.message))
            }
        }
    }

    private func checkConfigSchema(into found: inout [ManifestFinding]) {
        guard let schema = document["config_schema"], schema.objectValue != nil || schema.boolValue != nil else { return }
        do { _ = try JSONSchema(schema) } catch {
            found.append(.init(field: "config_schema", reason: "is not a JSON Schema the host can use: \(error.description)"))
        }
    }
}
