import AIPMarket
import AIPMarketIndex
import AIPVersioning
import ArgumentParser
import Foundation

struct MarketPublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Build or update DIR/index.json from the .aipkg archives in DIR, and sign it.",
        discussion: """
        Each archive becomes an entry (sha256, size, ABI range, platform, toolchain, capabilities, \
        package requirements derived from the plugins' required capabilities). Entries already in \
        the index keep their publication date and yanked flag; a published version's archive may \
        never change. The index version goes up by one with every change, and the index expires \
        after --days. DIR can then be served as it is.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var change: MarketChangeOptions
    @Argument(help: "The folder holding the .aipkg archives (and the index).") var directory: String
    @Option(name: .customLong("key"), help: "The signing key file (from aip market keygen); repeat to sign with several.")
    var keys: [String] = []
    @Option(name: .customLong("name"), help: "The marketplace's name, shown to operators.") var name = "local"
    @Option(name: .customLong("days"), help: "Days until the index expires.") var days = 90
    @Option(name: .customLong("host-range"), help: "Host versions new entries support.") var hostRange = "*"
    @Option(name: .customLong("yank"), help: "Mark NAME@VERSION as yanked (repeatable).") var yank: [String] = []
    @Option(name: .customLong("reason"), help: "Why the --yank versions were yanked.") var reason: String?

    struct Report: Encodable {
        let ok = true
        let index: String
        let version: Int64
        let written: Bool
        let packages: Int
        let added: [String]
        let warnings: [String]
        let signedBy: [String]
        enum CodingKeys: String, CodingKey { case ok, index, version, written, packages, added, warnings, signedBy = "signed_by" }
    }

    func run() throws {
        guard !keys.isEmpty else { throw ValidationError("--key KEYFILE is required: indexes are always signed") }
        guard days > 0 else { throw ValidationError("--days must be positive") }
        let signingKeys = try keys.map { file -> SigningKey in
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ValidationError("cannot read the key file \(file)")
            }
            do { return try SigningKey(fileContents: text, file: file) } catch { throw ValidationError("\(error)") }
        }
        guard let range = try? VersionRange(parsing: hostRange) else { throw ValidationError("--host-range \(hostRange) is not a version range") }
        let yanks = try yank.map { text -> (name: String, version: SemanticVersion, reason: String?) in
            let parts = text.split(separator: "@", maxSplits: 1).map(String.init)
            guard parts.count == 2, let version = try? SemanticVersion(parsing: parts[1]) else {
                throw ValidationError("--yank expects NAME@VERSION (got \(text))")
            }
            return (parts[0], version, reason)
        }
        let publisher = IndexPublisher(directory: directory, options: .init(name: name, lifetimeDays: days, hostRange: range, yank: yanks))
        let result = try MarketContext.run { try publisher.publish(signingKeys: signingKeys, dryRun: change.dryRun) }
        let report = Report(index: publisher.indexPath, version: result.index.version, written: result.written,
                            packages: result.index.packages.count, added: result.added, warnings: result.warnings,
                            signedBy: signingKeys.map { $0.publicKey.description })
        if global.json { return Output.json(report) }
        for warning in result.warnings { Output.error("warning: \(warning)") }
        let verb = change.dryRun ? "would write" : (result.written ? "wrote" : "unchanged:")
        Output.line("\(verb) \(report.index) version \(report.version) (\(report.packages) packages\(result.added.isEmpty ? "" : ", new: " + result.added.joined(separator: ", ")))")
        for key in report.signedBy { Output.line("  signed by \(key)") }
    }
}

struct MarketKeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Make an Ed25519 signing key for publishing; prints the public key operators trust.")

    @OptionGroup var global: GlobalOptions
    @Option(name: [.customShort("o"), .customLong("output")], help: "Where to write the private key (mode 0600).") var output: String
    @Flag(name: .customLong("show"), help: "Print the public key of the existing key file instead of making one.") var show = false

    func run() throws {
        if show {
            guard let text = try? String(contentsOfFile: output, encoding: .utf8) else { throw ValidationError("cannot read \(output)") }
            do { return Output.line(try SigningKey(fileContents: text, file: output).publicKey.description) } catch {
                throw ValidationError(error.description)
            }
        }
        guard !FileManager.default.fileExists(atPath: output) else {
            throw ValidationError("\(output) exists; refusing to overwrite a key")
        }
        let key = SigningKey()
        guard FileManager.default.createFile(atPath: output, contents: Data(key.fileContents.utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            Output.error("cannot write \(output)")
            throw ExitCode(1)
        }
        if global.json { return Output.json(["private_key_file": output, "public_key": key.publicKey.description]) }
        Output.line("wrote the private key to \(output) (keep it secret)")
        Output.line("public key (give it to operators: aip market add NAME URL --key ...):")
        Output.line(key.publicKey.description)
    }
}
