import ArgumentParser
import Foundation

/// `aip plugin new NAME --lang swift|c [--dir DIR]`: a standalone project that builds and passes
/// its own test without edits.
struct PluginNewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a new plugin project (Swift package or C with a Makefile).",
        discussion: """
        The project depends on the AI Platform SDK by path (this checkout, or --sdk / AIP_SDK). \
        Then: make (build), make test (its own test), make conformance (aip plugin test), make pack.
        """)

    @Argument(help: "The plugin name: lower-case letters, digits, '.', '_' and '-'.") var name: String
    @Option(name: .customLong("lang"), help: "swift or c.") var language: String
    @Option(help: "Where to create the project (default: ./NAME).") var dir: String?
    @Option(help: "The AI Platform checkout to build against (default: $AIP_SDK or the one this aip was built in).") var sdk: String?
    @Option(help: "Author for plugin.json (default: from git config).") var author: String?

    func validate() throws {
        if let problem = ScaffoldNames.problem(with: name) { throw ValidationError(problem) }
        guard ScaffoldWriter.Language(rawValue: language) != nil else {
            throw ValidationError("--lang must be swift or c, not \(language)")
        }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let executable = CommandLine.executablePath
        guard let sdkPath = ScaffoldWriter.locateSDK(flag: sdk, environment: environment, executable: executable) else {
            Output.error("cannot find the AI Platform SDK (a checkout with Package.swift and PluginSDK/include/aip_plugin.h): pass --sdk PATH or set AIP_SDK")
            throw ExitCode(1)
        }
        let directory = URL(fileURLWithPath: dir ?? name).standardizedFileURL.path
        let writer = ScaffoldWriter(names: ScaffoldNames(plugin: name), language: ScaffoldWriter.Language(rawValue: language)!,
                                    directory: directory, sdkPath: sdkPath, aipExecutable: executable,
                                    author: author ?? Self.gitAuthor() ?? NSUserName())
        do {
            let files = try writer.write()
            Output.line("created \(language) plugin \(name) in \(directory):")
            for file in files { Output.line("  \(file.dropFirst(directory.count + 1))") }
            Output.line("next: cd \(directory) && make && make test && make conformance && make pack")
        } catch {
            Output.error("\(error)")
            throw ExitCode(1)
        }
    }

    /// "Name <email>" from git's config, when git and both settings exist.
    private static func gitAuthor() -> String? {
        func setting(_ key: String) -> String? {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "config", "--get", key]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return nil }
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let value = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return process.terminationStatus == 0 && !value.isEmpty ? value : nil
        }
        guard let name = setting("user.name") else { return nil }
        return setting("user.email").map { "\(name) <\($0)>" } ?? name
    }
}
