import AIPConfig
import AIPHost
import Foundation

/// A reply in a few words for the report: the status and what the body says.
enum ReplySummary {
    static let shownCharacters = 80

    static func of(_ result: CallResult) -> String {
        var body = result.text
        if !result.ok, let message = errorMessage(result.text) { body = message }
        body = body.replacingOccurrences(of: "\n", with: " ")
        if body.count > shownCharacters { body = String(body.prefix(shownCharacters)) + "…" }
        return body.isEmpty ? HostErrors.codeName(result.status) : "\(HostErrors.codeName(result.status)): \(body)"
    }

    /// The message of a standard `{"error":{"message":…}}` body.
    private static func errorMessage(_ text: String) -> String? {
        guard let value = try? JSONParser.parse(text) else { return nil }
        return value["error"]?["message"]?.stringValue
    }
}
