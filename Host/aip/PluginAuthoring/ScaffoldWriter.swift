import AIPPackaging
import AIPToolchain
import AIPluginABI
import Foundation

/// Writes a scaffolded project: fills the template placeholders and creates the files.
struct ScaffoldWriter {
    enum Language: String, CaseIterable {
        case swift, c
    }

    let names: ScaffoldNames
    let language: Language
    let directory: String
    let sdkPath: String
    let aipExecutable: String
    let author: String

    var placeholders: [String: String] {
        [
            "name": names.plugin,
            "module": names.swiftModule,
            "c_name": names.cIdentifier,
            "capability": names.capability,
            "topic": names.topic,
            "sdk_path": sdkPath,
            // SwiftPM names a path dependency after its folder, lower-cased.
            "sdk_identity": URL(fileURLWithPath: sdkPath).lastPathComponent.lowercased(),
            "sdk_include": URL(fileURLWithPath: sdkPath).appendingPathComponent("PluginSDK/include").path,
            "aip": aipExecutable,
            "author": author,
            "abi": "\(AIP_ABI_MAJOR).\(AIP_ABI_MINOR)",
            "swift_toolchain": SwiftToolchain.version,
            "platform": HostPlatform.triple,
        ]
    }

    func fill(_ text: String) -> String {
        var result = text
        for (key, value) in placeholders {
            result = result.replacingOccurrences(of: "{{\(key)}}", with: value)
        }
        return result
    }

    /// Creates every file; refuses to write into a non-empty directory.
    func write() throws -> [String] {
        let manager = FileManager.default
        if let existing = try? manager.contentsOfDirectory(atPath: directory), !existing.isEmpty {
            throw ScaffoldError("\(directory) already exists and is not empty; choose another --dir")
        }
        let files = language == .swift ? SwiftTemplate.files : CTemplate.files
        var written: [String] = []
        for file in files {
            let path = URL(fileURLWithPath: directory).appendingPathComponent(fill(file.path)).path
            try manager.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            guard manager.createFile(atPath: path, contents: Data(fill(file.text).utf8),
                                     attributes: [.posixPermissions: file.executable ? 0o755 : 0o644]) else {
                throw ScaffoldError("cannot write \(path)")
            }
            written.append(path)
        }
        return written
    }

    /// The SDK checkout: `--sdk`, `AIP_SDK`, or the checkout this `aip` was built in.
    static func locateSDK(flag: String?, environment: [String: String], executable: String) -> String? {
        func isSDK(_ path: String) -> Bool {
            FileManager.default.fileExists(atPath: path + "/Package.swift")
                && FileManager.default.fileExists(atPath: path + "/PluginSDK/include/aip_plugin.h")
        }
        if let flag { return isSDK(flag) ? URL(fileURLWithPath: flag).standardizedFileURL.path : nil }
        if let fromEnvironment = environment["AIP_SDK"], !fromEnvironment.isEmpty {
            return isSDK(fromEnvironment) ? URL(fileURLWithPath: fromEnvironment).standardizedFileURL.path : nil
        }
        var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
        while directory.path != "/" {
            if isSDK(directory.path) { return directory.path }
            directory.deleteLastPathComponent()
        }
        return nil
    }
}

struct ScaffoldError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
