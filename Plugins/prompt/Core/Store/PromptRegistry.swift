import AIPLocking
import Foundation
import GRDB

/// The prompt registry: prompts with immutable numbered versions, aliases with a recorded
/// history, rendering, A/B splits, statistics and import/export, stored in one SQLite file.
/// Thread-safe; several registries may open the same file (each is its own connection).
public final class PromptRegistry: Sendable {
    let database: RegistryDatabase
    let watcher: ChangeWatcher
    let maxTemplateBytes: Int
    /// Alias and `latest` resolutions: dropped after each write through this registry, and when
    /// the change counter shows a write by another connection (checked at most once per
    /// `recheckInterval`).
    let cache = Locked(ResolutionCache())
    /// Compiled versions never go stale (versions are immutable). Each counts its renders, which
    /// `flushRenderCounts()` adds to the stats table.
    let compiled = Locked([VersionKey: CompiledPrompt]())
    let recheckNanos: UInt64

    public var path: String { database.path }

    /// `recheckInterval` bounds how long a render may still use an alias that another
    /// connection (another process) has moved; writes through this registry are seen at once.
    /// `maxDatabaseBytes` caps the file's size (nil: as large as the disk allows).
    public init(path: String, maxTemplateBytes: Int = 262_144, recheckInterval: Duration = .milliseconds(1),
                maxDatabaseBytes: Int64? = nil) throws {
        database = try RegistryDatabase(path: path, maxBytes: maxDatabaseBytes)
        watcher = try ChangeWatcher(path: path)
        self.maxTemplateBytes = maxTemplateBytes
        let (seconds, attoseconds) = recheckInterval.components
        recheckNanos = UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000)
    }

    /// A write that changes what aliases or `latest` resolve to: the cached resolutions are
    /// dropped once it has committed (or failed: then nothing changed, and dropping is harmless).
    func writeChangingResolutions<T>(_ body: (Database) throws -> T) throws -> T {
        defer { invalidateResolutions() }
        return try database.write(body)
    }

    /// Writes pending render counts, so nothing counted is lost when the registry goes away.
    public func close() throws {
        try flushRenderCounts()
    }

    // MARK: Creating

    /// Creates a prompt with its first version.
    @discardableResult
    public func create(name: String, description: String = "", tags: [String: String] = [:], firstVersion: NewVersion) throws -> PromptVersion {
        try Names.checkPromptName(name)
        try Names.checkTags(tags, field: "tags")
        let checked = try check(firstVersion, name: name, version: 1)
        return try writeChangingResolutions { db in
            if let latest = try Int.fetchOne(db, sql: """
                SELECT max(v.version) FROM prompts p JOIN versions v ON v.prompt_id = p.id WHERE p.name = ?
                """, arguments: [name]) {
                throw PromptError.conflict("prompt '\(name)' already exists (latest version \(latest)); add a version instead")
            }
            let now = nowMillis()
            try db.execute(sql: """
                INSERT INTO prompts (name, description, tags, search_text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [name, description, try StoredJSON.encode(tags), Self.searchText(name, description, tags), now, now])
            let promptID = db.lastInsertedRowID
            return try insertVersion(db, promptID: promptID, name: name, number: 1, checked: checked, at: now)
        }
    }

    /// Adds the next version to an existing prompt.
    @discardableResult
    public func createVersion(name: String, _ newVersion: NewVersion) throws -> PromptVersion {
        try Names.checkPromptName(name)
        // The number is only known inside the transaction; 0 is a placeholder for compile errors.
        let checked = try check(newVersion, name: name, version: 0)
        return try writeChangingResolutions { db in
            let promptID = try self.promptID(db, name)
            let latest = try Int.fetchOne(db, sql: "SELECT max(version) FROM versions WHERE prompt_id = ?", arguments: [promptID]) ?? 0
            if let parent = newVersion.parentVersion, parent != latest {
                throw PromptError.conflict("prompt '\(name)': parent_version is \(parent) but the latest version is now \(latest)")
            }
            let now = nowMillis()
            try db.execute(sql: "UPDATE prompts SET updated_at = ? WHERE id = ?", arguments: [now, promptID])
            return try insertVersion(db, promptID: promptID, name: name, number: latest + 1, checked: checked, at: now)
        }
    }

    struct CheckedVersion {
        let request: NewVersion
        let compiled: CompiledPrompt

        /// The content with its variables resolved: what is stored, so equal prompts store equal text.
        var canonicalContent: VersionContent {
            var content = request.content
            content.variables = compiled.variables.map {
                VariableSpec(name: $0.name, required: $0.required, defaultValue: $0.defaultValue, description: $0.description)
            }
            return content
        }
    }

    func check(_ request: NewVersion, name: String, version: Int) throws -> CheckedVersion {
        try Names.checkTags(request.tags, field: "version tags")
        let compiled = try CompiledPrompt(name: name, version: version, content: request.content, maxTemplateBytes: maxTemplateBytes)
        return CheckedVersion(request: request, compiled: compiled)
    }

    func insertVersion(_ db: Database, promptID: Int64, name: String, number: Int, checked: CheckedVersion, at time: Int64) throws -> PromptVersion {
        let request = checked.request
        let content = checked.canonicalContent
        let searchable = content.template.fields.map(\.text).joined(separator: "\n") + "\n" + request.commitMessage
        try db.execute(sql: """
            INSERT INTO versions (prompt_id, version, kind, content, commit_message, tags, author, search_text, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [promptID, number, content.template.kind, try StoredJSON.encode(content), request.commitMessage,
                             try StoredJSON.encode(request.tags), request.author, Self.searchText(searchable, "", request.tags), time])
        return PromptVersion(name: name, version: number, kind: content.template.kind, template: content.template,
                             variables: checked.compiled.variables, modelParameters: content.modelParameters,
                             responseFormat: content.responseFormat, commitMessage: request.commitMessage, tags: request.tags,
                             author: request.author, createdAt: time, aliases: [])
    }

    // MARK: Reading

    /// One version, chosen by number, alias or `latest`. A split alias needs a caller key.
    public func version(name: String, _ selector: VersionSelector = .latest, key: String? = nil) throws -> PromptVersion {
        try database.read { db in
            let promptID = try self.promptID(db, name)
            let number = try self.resolve(db, promptID: promptID, name: name, selector, key: key)
            return try self.loadVersion(db, promptID: promptID, name: name, number: number)
        }
    }

    /// Every version of a prompt, oldest first.
    public func versions(name: String) throws -> [PromptVersion] {
        try database.read { db in
            let promptID = try self.promptID(db, name)
            let aliases = try self.aliasStates(db, promptID: promptID)
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM versions WHERE prompt_id = ? ORDER BY version", arguments: [promptID])
            return try rows.map { try self.decodeVersion($0, name: name, aliases: aliases) }
        }
    }

    /// The prompt's summary: description, tags, latest version, aliases.
    public func summary(name: String) throws -> PromptSummary {
        try database.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM prompts WHERE name = ?", arguments: [name]) else {
                throw try self.unknownPrompt(db, name)
            }
            return try self.decodeSummary(db, row)
        }
    }

    func loadVersion(_ db: Database, promptID: Int64, name: String, number: Int) throws -> PromptVersion {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM versions WHERE prompt_id = ? AND version = ?", arguments: [promptID, number]) else {
            let latest = try Int.fetchOne(db, sql: "SELECT max(version) FROM versions WHERE prompt_id = ?", arguments: [promptID]) ?? 0
            throw PromptError.notFound("prompt '\(name)' has no version \(number) (versions 1 to \(latest) exist)")
        }
        return try decodeVersion(row, name: name, aliases: try aliasStates(db, promptID: promptID))
    }

    func decodeVersion(_ row: Row, name: String, aliases: [AliasState]) throws -> PromptVersion {
        let number: Int = row["version"]
        let content = try StoredJSON.decode(VersionContent.self, row["content"], column: "versions.content")
        let variables = content.variables.map {
            ResolvedVariable(name: $0.name, required: $0.required ?? ($0.defaultValue == nil), defaultValue: $0.defaultValue, description: $0.description)
        }
        return PromptVersion(
            name: name, version: number, kind: row["kind"], template: content.template, variables: variables,
            modelParameters: content.modelParameters, responseFormat: content.responseFormat, commitMessage: row["commit_message"],
            tags: try StoredJSON.decode([String: String].self, row["tags"], column: "versions.tags"), author: row["author"],
            createdAt: row["created_at"],
            aliases: aliases.filter { $0.variants.contains { $0.version == number } }.map(\.alias))
    }

    /// Summaries of many prompts with two queries in all, rather than two per prompt.
    func decodeSummaries(_ db: Database, _ rows: [Row]) throws -> [PromptSummary] {
        guard !rows.isEmpty else { return [] }
        let ids: [Int64] = rows.map { $0["id"] }
        let list = databaseQuestionMarks(count: ids.count)
        var latest: [Int64: (version: Int, kind: String)] = [:]
        // SQLite takes the bare `kind` from the row that holds the max(version).
        for row in try Row.fetchAll(db, sql: "SELECT prompt_id, max(version) AS version, kind FROM versions WHERE prompt_id IN (\(list)) GROUP BY prompt_id",
                                    arguments: StatementArguments(ids)) {
            latest[row["prompt_id"]] = (row["version"], row["kind"])
        }
        var aliases: [Int64: [AliasState]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM aliases WHERE prompt_id IN (\(list)) ORDER BY alias", arguments: StatementArguments(ids)) {
            aliases[row["prompt_id"], default: []].append(AliasState(
                alias: row["alias"], variants: try StoredJSON.decode([AliasVariant].self, row["variants"], column: "aliases.variants"),
                updatedAt: row["updated_at"]))
        }
        return try rows.map { row in
            let id: Int64 = row["id"]
            return PromptSummary(
                name: row["name"], description: row["description"],
                tags: try StoredJSON.decode([String: String].self, row["tags"], column: "prompts.tags"),
                kind: latest[id]?.kind ?? "text", latestVersion: latest[id]?.version ?? 0,
                aliases: aliases[id] ?? [], createdAt: row["created_at"], updatedAt: row["updated_at"])
        }
    }

    func decodeSummary(_ db: Database, _ row: Row) throws -> PromptSummary {
        let promptID: Int64 = row["id"]
        let latest = try Row.fetchOne(db, sql: "SELECT version, kind FROM versions WHERE prompt_id = ? ORDER BY version DESC LIMIT 1",
                                      arguments: [promptID])
        return PromptSummary(
            name: row["name"], description: row["description"],
            tags: try StoredJSON.decode([String: String].self, row["tags"], column: "prompts.tags"),
            kind: latest?["kind"] ?? "text", latestVersion: latest?["version"] ?? 0,
            aliases: try aliasStates(db, promptID: promptID), createdAt: row["created_at"], updatedAt: row["updated_at"])
    }

    func promptID(_ db: Database, _ name: String) throws -> Int64 {
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM prompts WHERE name = ?", arguments: [name]) else {
            throw try unknownPrompt(db, name)
        }
        return id
    }

    /// A not-found error that suggests the closest existing names.
    func unknownPrompt(_ db: Database, _ name: String) throws -> PromptError {
        // A name that could never exist gets the naming rule, not a search for look-alikes.
        do {
            try Names.checkPromptName(name)
        } catch let error as PromptError {
            return error
        }
        let names = try String.fetchAll(db, sql: "SELECT name FROM prompts")
        let near = NearestNames.closest(to: name, among: names)
        let hint = near.isEmpty ? "" : " (did you mean \(near.map { "'\($0)'" }.joined(separator: ", "))?)"
        return PromptError.notFound("no prompt named '\(name)'\(hint)")
    }

    static func searchText(_ first: String, _ second: String, _ tags: [String: String]) -> String {
        ([first, second] + tags.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).joined(separator: "\n").lowercased()
    }
}

/// (prompt, version): the key of every per-version cache.
struct VersionKey: Hashable, Sendable {
    let name: String
    let version: Int
}
