import GRDB

extension PromptRegistry {
    /// Points an alias at one version, or splits it between versions by weight. Every move is
    /// recorded. With `expectedVersion`, the move only happens if the alias still points at
    /// exactly that version (compare-and-set for concurrent release tools).
    @discardableResult
    public func setAlias(name: String, alias: String, variants: [AliasVariant], expectedVersion: Int? = nil,
                         actor: String? = nil, note: String? = nil) throws -> AliasMove {
        try Names.checkAlias(alias)
        guard !Names.implicitAliases.contains(alias) else {
            throw PromptError.invalid("alias '\(alias)' is implicit (always the newest version) and cannot be set")
        }
        try TrafficSplit.validate(variants)
        return try writeChangingResolutions { db in
            let promptID = try self.promptID(db, name)
            let latest = try Int.fetchOne(db, sql: "SELECT max(version) FROM versions WHERE prompt_id = ?", arguments: [promptID]) ?? 0
            for (index, variant) in variants.enumerated() where variant.version > latest {
                let field = variants.count == 1 ? "version" : "variants[\(index)].version"
                throw PromptError.notFound("\(field): prompt '\(name)' has no version \(variant.version) (versions 1 to \(latest) exist)")
            }
            let current = try self.currentVariants(db, promptID: promptID, alias: alias)
            if let expectedVersion, current != [AliasVariant(version: expectedVersion)] {
                let now = current.map(Self.describe) ?? "nothing"
                throw PromptError.conflict("alias '\(alias)' of '\(name)' points at \(now), not version \(expectedVersion) as expected")
            }
            return try self.move(db, promptID: promptID, alias: alias, from: current, to: variants, actor: actor, note: note, rollbackOf: nil)
        }
    }

    /// Removes an alias (recorded, so it can be rolled back).
    @discardableResult
    public func deleteAlias(name: String, alias: String, actor: String? = nil, note: String? = nil) throws -> AliasMove {
        try writeChangingResolutions { db in
            let promptID = try self.promptID(db, name)
            guard let current = try self.currentVariants(db, promptID: promptID, alias: alias) else {
                throw PromptError.notFound("prompt '\(name)' has no alias '\(Names.shown(alias))'")
            }
            return try self.move(db, promptID: promptID, alias: alias, from: current, to: nil, actor: actor, note: note, rollbackOf: nil)
        }
    }

    /// Undoes the newest move of the alias that is not itself a rollback and was not undone yet:
    /// repeated rollbacks walk back through the history, one move each.
    @discardableResult
    public func rollbackAlias(name: String, alias: String, actor: String? = nil, note: String? = nil) throws -> AliasMove {
        try writeChangingResolutions { db in
            let promptID = try self.promptID(db, name)
            guard let row = try Row.fetchOne(db, sql: """
                SELECT * FROM alias_moves m
                WHERE m.prompt_id = ? AND m.alias = ? AND m.rollback_of IS NULL
                  AND NOT EXISTS (SELECT 1 FROM alias_moves r WHERE r.rollback_of = m.id)
                ORDER BY m.id DESC LIMIT 1
                """, arguments: [promptID, alias]) else {
                throw PromptError.conflict("alias '\(Names.shown(alias))' of '\(name)' has no move left to roll back")
            }
            let undone = try Self.decodeMove(row)
            let current = try self.currentVariants(db, promptID: promptID, alias: alias)
            return try self.move(db, promptID: promptID, alias: alias, from: current, to: undone.from, actor: actor,
                                 note: note ?? "rollback of move \(undone.id)", rollbackOf: undone.id)
        }
    }

    /// The recorded moves of one alias (or all aliases), oldest first.
    public func aliasHistory(name: String, alias: String? = nil) throws -> [AliasMove] {
        try database.read { db in
            let promptID = try self.promptID(db, name)
            let rows: [Row]
            if let alias {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM alias_moves WHERE prompt_id = ? AND alias = ? ORDER BY id",
                                        arguments: [promptID, alias])
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM alias_moves WHERE prompt_id = ? ORDER BY id", arguments: [promptID])
            }
            return try rows.map(Self.decodeMove)
        }
    }

    func move(_ db: Database, promptID: Int64, alias: String, from: [AliasVariant]?, to: [AliasVariant]?,
              actor: String?, note: String?, rollbackOf: Int64?) throws -> AliasMove {
        let now = nowMillis()
        if let to {
            try db.execute(sql: """
                INSERT INTO aliases (prompt_id, alias, variants, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (prompt_id, alias) DO UPDATE SET variants = excluded.variants, updated_at = excluded.updated_at
                """, arguments: [promptID, alias, try StoredJSON.encode(to), now])
        } else {
            try db.execute(sql: "DELETE FROM aliases WHERE prompt_id = ? AND alias = ?", arguments: [promptID, alias])
        }
        try db.execute(sql: """
            INSERT INTO alias_moves (prompt_id, alias, from_variants, to_variants, moved_at, actor, note, rollback_of)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [promptID, alias, try from.map(StoredJSON.encode), try to.map(StoredJSON.encode), now, actor, note, rollbackOf])
        return AliasMove(id: db.lastInsertedRowID, alias: alias, from: from, to: to, movedAt: now, actor: actor, note: note, rollbackOf: rollbackOf)
    }

    func currentVariants(_ db: Database, promptID: Int64, alias: String) throws -> [AliasVariant]? {
        guard let text = try String.fetchOne(db, sql: "SELECT variants FROM aliases WHERE prompt_id = ? AND alias = ?",
                                             arguments: [promptID, alias]) else { return nil }
        return try StoredJSON.decode([AliasVariant].self, text, column: "aliases.variants")
    }

    func aliasStates(_ db: Database, promptID: Int64) throws -> [AliasState] {
        try Row.fetchAll(db, sql: "SELECT * FROM aliases WHERE prompt_id = ? ORDER BY alias", arguments: [promptID]).map {
            AliasState(alias: $0["alias"], variants: try StoredJSON.decode([AliasVariant].self, $0["variants"], column: "aliases.variants"),
                       updatedAt: $0["updated_at"])
        }
    }

    static func decodeMove(_ row: Row) throws -> AliasMove {
        let from: String? = row["from_variants"]
        let to: String? = row["to_variants"]
        return AliasMove(
            id: row["id"], alias: row["alias"],
            from: try from.map { try StoredJSON.decode([AliasVariant].self, $0, column: "alias_moves.from_variants") },
            to: try to.map { try StoredJSON.decode([AliasVariant].self, $0, column: "alias_moves.to_variants") },
            movedAt: row["moved_at"], actor: row["actor"], note: row["note"], rollbackOf: row["rollback_of"])
    }

    static func describe(_ variants: [AliasVariant]) -> String {
        if variants.count == 1 { return "version \(variants[0].version)" }
        return "a split of " + variants.map { "version \($0.version) (weight \(JSONValue.numberText($0.weight)))" }.joined(separator: ", ")
    }
}
