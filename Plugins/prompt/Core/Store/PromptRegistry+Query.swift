import GRDB

/// A page of prompts.
public struct PromptPage: Codable, Sendable {
    public let prompts: [PromptSummary]
    public let total: Int
}

/// A search result and the parts of the prompt that matched.
public struct SearchHit: Codable, Sendable {
    public let prompt: PromptSummary
    /// Some of `name`, `description`, `tags`, `template` (the latest version's text or commit message).
    public let matched: [String]
}

extension PromptRegistry {
    public static let maxPageSize = 1000
    public static let maxQueryBytes = 1000

    /// Prompts by name, optionally only those carrying every given tag value.
    public func list(tags: [String: String] = [:], kind: String? = nil, limit: Int = 100, offset: Int = 0) throws -> PromptPage {
        try checkPage(limit: limit, offset: offset)
        let filter = try Self.filter(tags: tags, kind: kind)
        return try database.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM prompts p WHERE 1 = 1\(filter.sql)", arguments: filter.arguments) ?? 0
            let rows = try Row.fetchAll(db, sql: "SELECT p.* FROM prompts p WHERE 1 = 1\(filter.sql) ORDER BY p.name LIMIT ? OFFSET ?",
                                        arguments: filter.arguments + [limit, offset])
            return PromptPage(prompts: try self.decodeSummaries(db, rows), total: total)
        }
    }

    /// Prompts whose name, description, tags, or latest version's template or commit message
    /// contain `query` (case-insensitive); name matches first.
    public func search(_ query: String, tags: [String: String] = [:], kind: String? = nil, limit: Int = 50) throws -> [SearchHit] {
        try checkPage(limit: limit, offset: 0)
        let needle = query.lowercased()
        guard !needle.isEmpty else { throw PromptError.invalid("query must not be empty") }
        guard needle.utf8.count <= Self.maxQueryBytes else { throw PromptError.invalid("query is longer than \(Self.maxQueryBytes) bytes") }
        let pattern = "%" + Self.escapeLike(needle) + "%"
        let filter = try Self.filter(tags: tags, kind: kind)
        return try database.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT p.*, v.search_text AS latest_text FROM prompts p
                JOIN versions v ON v.prompt_id = p.id AND v.version = (SELECT max(version) FROM versions WHERE prompt_id = p.id)
                WHERE (p.search_text LIKE ? ESCAPE '\\' OR v.search_text LIKE ? ESCAPE '\\')\(filter.sql)
                ORDER BY (lower(p.name) LIKE ? ESCAPE '\\') DESC, p.name LIMIT ?
                """, arguments: [pattern, pattern] + filter.arguments + [pattern, limit])
            return zip(rows, try self.decodeSummaries(db, rows)).map { row, summary in
                var matched: [String] = []
                if summary.name.lowercased().contains(needle) { matched.append("name") }
                if summary.description.lowercased().contains(needle) { matched.append("description") }
                if summary.tags.contains(where: { "\($0.key)=\($0.value)".lowercased().contains(needle) }) { matched.append("tags") }
                if (row["latest_text"] as String? ?? "").contains(needle) { matched.append("template") }
                return SearchHit(prompt: summary, matched: matched)
            }
        }
    }

    private func checkPage(limit: Int, offset: Int) throws {
        guard (1...Self.maxPageSize).contains(limit) else { throw PromptError.invalid("limit must be from 1 to \(Self.maxPageSize), got \(limit)") }
        guard offset >= 0 else { throw PromptError.invalid("offset must be 0 or more, got \(offset)") }
    }

    /// SQL conditions (appended to a WHERE over `prompts p`) for tag values and template kind.
    private static func filter(tags: [String: String], kind: String?) throws -> (sql: String, arguments: StatementArguments) {
        var sql = ""
        var arguments: StatementArguments = []
        for (key, value) in tags.sorted(by: { $0.key < $1.key }) {
            sql += " AND EXISTS (SELECT 1 FROM json_each(p.tags) WHERE json_each.key = ? AND json_each.value = ?)"
            arguments += [key, value]
        }
        if let kind {
            guard kind == "text" || kind == "chat" else { throw PromptError.invalid("kind must be 'text' or 'chat', got '\(kind)'") }
            sql += " AND (SELECT kind FROM versions WHERE prompt_id = p.id ORDER BY version DESC LIMIT 1) = ?"
            arguments += [kind]
        }
        return (sql, arguments)
    }

    private static func escapeLike(_ text: String) -> String {
        var out = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
