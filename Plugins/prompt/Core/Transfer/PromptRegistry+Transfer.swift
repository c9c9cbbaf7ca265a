import GRDB

extension PromptRegistry {
    /// Every prompt (or the named ones) with its whole history.
    public func export(names: [String]? = nil) throws -> RegistryExport {
        try database.read { db in
            let wanted = try names ?? String.fetchAll(db, sql: "SELECT name FROM prompts ORDER BY name")
            let prompts = try wanted.map { name -> ExportedPrompt in
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM prompts WHERE name = ?", arguments: [name]) else {
                    throw try self.unknownPrompt(db, name)
                }
                let promptID: Int64 = row["id"]
                let aliases = try self.aliasStates(db, promptID: promptID)
                let versions = try Row.fetchAll(db, sql: "SELECT * FROM versions WHERE prompt_id = ? ORDER BY version", arguments: [promptID])
                    .map { try self.decodeVersion($0, name: name, aliases: aliases) }
                    .map { ExportedVersion(version: $0.version, content: $0.content, commitMessage: $0.commitMessage, tags: $0.tags,
                                           author: $0.author, createdAt: $0.createdAt) }
                let moves = try Row.fetchAll(db, sql: "SELECT * FROM alias_moves WHERE prompt_id = ? ORDER BY id", arguments: [promptID])
                    .map(Self.decodeMove)
                return ExportedPrompt(name: name, description: row["description"],
                                      tags: try StoredJSON.decode([String: String].self, row["tags"], column: "prompts.tags"),
                                      createdAt: row["created_at"], versions: versions,
                                      aliases: aliases.map { ExportedAlias(alias: $0.alias, variants: $0.variants) }, aliasMoves: moves)
            }
            return RegistryExport(prompts: prompts, exportedAt: nowMillis())
        }
    }

    /// Loads an export. New prompts arrive with their history; a prompt that exists must have
    /// the same first versions (history is never rewritten) and gains the versions it lacks,
    /// and its aliases move (recorded) to where the document points them. All or nothing: any
    /// error leaves the registry as it was. With `dryRun` the report is computed and undone.
    @discardableResult
    public func importDocument(_ document: RegistryExport, dryRun: Bool = false, actor: String? = nil) throws -> ImportReport {
        let checked = try checkDocument(document)
        defer { invalidateResolutions() }
        return try database.write(rollback: dryRun) { db in
            var created: [String] = []
            var updated: [ImportReport.Updated] = []
            var unchanged: [String] = []
            for (index, entry) in checked.enumerated() {
                let prompt = entry.prompt
                if let promptID = try Int64.fetchOne(db, sql: "SELECT id FROM prompts WHERE name = ?", arguments: [prompt.name]) {
                    let change = try self.merge(db, promptID: promptID, entry, field: "prompts[\(index)]", actor: actor)
                    if change.versionsAdded.isEmpty && change.aliasesMoved.isEmpty { unchanged.append(prompt.name) } else { updated.append(change) }
                } else {
                    try self.insertWhole(db, entry)
                    created.append(prompt.name)
                }
            }
            return ImportReport(created: created, updated: updated, unchanged: unchanged, dryRun: dryRun)
        }
    }

    struct CheckedPrompt {
        let prompt: ExportedPrompt
        let versions: [CheckedVersion]
    }

    /// Every check that needs no database, with errors naming the document path.
    private func checkDocument(_ document: RegistryExport) throws -> [CheckedPrompt] {
        guard document.format == RegistryExport.formatName else {
            throw PromptError.invalid("format must be '\(RegistryExport.formatName)', got '\(document.format)'")
        }
        guard (1...RegistryExport.currentFormatVersion).contains(document.formatVersion) else {
            throw PromptError.invalid("format_version \(document.formatVersion) is not supported (this registry reads 1 to \(RegistryExport.currentFormatVersion))")
        }
        var names: Set<String> = []
        return try document.prompts.enumerated().map { index, prompt in
            let field = "prompts[\(index)]"
            try Names.checkPromptName(prompt.name, field: "\(field).name")
            guard names.insert(prompt.name).inserted else { throw PromptError.invalid("\(field).name '\(prompt.name)' appears twice") }
            try Names.checkTags(prompt.tags, field: "\(field).tags")
            guard !prompt.versions.isEmpty else { throw PromptError.invalid("\(field).versions must hold at least one version") }
            let versions = try prompt.versions.enumerated().map { position, version in
                let versionField = "\(field).versions[\(position)]"
                guard version.version == position + 1 else {
                    throw PromptError.invalid("\(versionField).version must be \(position + 1) (versions are numbered from 1 without gaps), got \(version.version)")
                }
                do {
                    return try check(NewVersion(content: version.content, commitMessage: version.commitMessage, tags: version.tags,
                                                author: version.author), name: prompt.name, version: version.version)
                } catch let error as PromptError {
                    throw PromptError(error.kind, "\(versionField): \(error.message)")
                }
            }
            for (position, alias) in prompt.aliases.enumerated() {
                let aliasField = "\(field).aliases[\(position)]"
                try Names.checkAlias(alias.alias, field: "\(aliasField).alias")
                try TrafficSplit.validate(alias.variants, field: "\(aliasField).variants")
                if let missing = alias.variants.first(where: { $0.version > prompt.versions.count }) {
                    throw PromptError.invalid("\(aliasField): version \(missing.version) is not in the document (it has \(prompt.versions.count))")
                }
            }
            for (position, move) in prompt.aliasMoves.enumerated() {
                let moveField = "\(field).alias_moves[\(position)]"
                try Names.checkAlias(move.alias, field: "\(moveField).alias")
                if let from = move.from { try TrafficSplit.validate(from, field: "\(moveField).from") }
                if let to = move.to { try TrafficSplit.validate(to, field: "\(moveField).to") }
            }
            return CheckedPrompt(prompt: prompt, versions: versions)
        }
    }

    private func insertWhole(_ db: Database, _ entry: CheckedPrompt) throws {
        let prompt = entry.prompt
        let now = nowMillis()
        let created = prompt.createdAt ?? now
        try db.execute(sql: """
            INSERT INTO prompts (name, description, tags, search_text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [prompt.name, prompt.description, try StoredJSON.encode(prompt.tags),
                             Self.searchText(prompt.name, prompt.description, prompt.tags), created, now])
        let promptID = db.lastInsertedRowID
        for (checked, version) in zip(entry.versions, prompt.versions) {
            _ = try insertVersion(db, promptID: promptID, name: prompt.name, number: version.version, checked: checked, at: version.createdAt ?? now)
        }
        for alias in prompt.aliases {
            try db.execute(sql: "INSERT INTO aliases (prompt_id, alias, variants, updated_at) VALUES (?, ?, ?, ?)",
                           arguments: [promptID, alias.alias, try StoredJSON.encode(alias.variants), now])
        }
        // Move ids are the file's own; rollback links are renumbered to the new ids.
        var newIDs: [Int64: Int64] = [:]
        for move in prompt.aliasMoves {
            try db.execute(sql: """
                INSERT INTO alias_moves (prompt_id, alias, from_variants, to_variants, moved_at, actor, note, rollback_of)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [promptID, move.alias, try move.from.map(StoredJSON.encode), try move.to.map(StoredJSON.encode),
                                 move.movedAt, move.actor, move.note, move.rollbackOf.flatMap { newIDs[$0] }])
            newIDs[move.id] = db.lastInsertedRowID
        }
    }

    private func merge(_ db: Database, promptID: Int64, _ entry: CheckedPrompt, field: String, actor: String?) throws -> ImportReport.Updated {
        let prompt = entry.prompt
        let stored = try Row.fetchAll(db, sql: "SELECT version, content FROM versions WHERE prompt_id = ? ORDER BY version", arguments: [promptID])
        for (row, checked) in zip(stored, entry.versions) {
            let number: Int = row["version"]
            let storedContent = try StoredJSON.decode(VersionContent.self, row["content"], column: "versions.content")
            guard storedContent == checked.canonicalContent else {
                throw PromptError.conflict("\(field): version \(number) of '\(prompt.name)' differs from the stored one; import never rewrites history")
            }
        }
        var added: [Int] = []
        let now = nowMillis()
        for (checked, version) in zip(entry.versions, prompt.versions).dropFirst(stored.count) {
            _ = try insertVersion(db, promptID: promptID, name: prompt.name, number: version.version, checked: checked, at: version.createdAt ?? now)
            added.append(version.version)
        }
        if !added.isEmpty { try db.execute(sql: "UPDATE prompts SET updated_at = ? WHERE id = ?", arguments: [now, promptID]) }
        let latest = max(stored.count, prompt.versions.count)
        var moved: [String] = []
        for alias in prompt.aliases {
            if let missing = alias.variants.first(where: { $0.version > latest }) {
                throw PromptError.notFound("\(field): alias '\(alias.alias)' names version \(missing.version), which '\(prompt.name)' does not have")
            }
            let current = try currentVariants(db, promptID: promptID, alias: alias.alias)
            guard current != alias.variants else { continue }
            _ = try move(db, promptID: promptID, alias: alias.alias, from: current, to: alias.variants, actor: actor ?? "import",
                         note: "import", rollbackOf: nil)
            moved.append(alias.alias)
        }
        return ImportReport.Updated(name: prompt.name, versionsAdded: added, aliasesMoved: moved)
    }
}
