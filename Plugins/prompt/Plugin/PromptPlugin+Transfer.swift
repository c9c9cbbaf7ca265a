import AIPluginKit
import Foundation
import PromptCore

struct ExportFileReply: Encodable, Sendable {
    let path: String
    let format: String
    let prompts: Int
    let bytes: Int
}

/// Payload of `prompt.imported`.
struct ImportedEvent: Encodable, Sendable {
    let created: [String]
    let updated: [String]
    let caller: String
}

extension PromptPlugin {
    /// Answers with the document itself, or writes it to `path` (atomically: a temporary file
    /// renamed into place, so a reader never sees half a file) and answers with a receipt.
    func export(_ request: ExportRequest) throws -> Reply {
        let format = request.format ?? "aip"
        let bytes: Data
        let count: Int
        switch format {
        case "aip":
            let document = try registryCall { try registry.export(names: request.names) }
            count = document.prompts.count
            bytes = try Self.fileEncoder.encode(document)
        case "mlflow":
            let document = try registryCall { try registry.exportMLflow(names: request.names) }
            count = document.prompts.count
            bytes = try Self.fileEncoder.encode(document)
        default:
            throw PluginError(.invalidArgument, "format must be 'aip' or 'mlflow', got '\(format)'")
        }
        guard let path = request.path else { return .bytes(Array(bytes), contentType: "application/json") }
        let target = resolve(path)
        do {
            try bytes.write(to: URL(fileURLWithPath: target), options: .atomic)
        } catch {
            throw PluginError(.unavailable, "cannot write export file \(target): \(error.localizedDescription)")
        }
        return try .json(ExportFileReply(path: target, format: format, prompts: count, bytes: bytes.count))
    }

    func importPrompts(_ request: ImportRequest, caller: String) throws -> ImportReport {
        let document: RegistryExport
        switch (request.document, request.path) {
        case (let given?, nil):
            document = given
        case (nil, let path?):
            let source = resolve(path)
            guard let data = FileManager.default.contents(atPath: source) else {
                throw PluginError(.notFound, "cannot read import file \(source)")
            }
            do {
                document = try JSONDecoder().decode(RegistryExport.self, from: data)
            } catch {
                throw PluginError(.invalidArgument, "import file \(source): \(Self.describe(error))")
            }
        default:
            throw PluginError(.invalidArgument, "prompt.import takes exactly one of document or path")
        }
        let report = try registryCall { try registry.importDocument(document, dryRun: request.dryRun ?? false, actor: caller) }
        if !report.dryRun, !report.created.isEmpty || !report.updated.isEmpty {
            publish("prompt.imported", ImportedEvent(created: report.created, updated: report.updated.map(\.name), caller: caller))
        }
        return report
    }

    /// Relative paths are taken from the plugin's data directory: the host's working directory
    /// means nothing to a caller on the other side of the daemon's API.
    func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : context.dataDirectory + "/" + path
    }

    static var fileEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
