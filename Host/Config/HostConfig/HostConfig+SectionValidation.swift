extension HostConfig {
    /// Checks a plugin's section against the JSON Schema the plugin declares and returns the
    /// section with the schema's defaults filled in. Without a schema the section is returned as is.
    ///
    /// The section is validated as written, before defaults are added, so every violation points at
    /// something in the file (or an environment variable), never at a value the user did not write.
    public func validateSection(plugin: String, schemaText: String?) -> Result<JSONValue, ConfigError> {
        let name = sectionName(for: plugin) ?? plugin
        let sectionPath = JSONPath.member(name, of: "plugins")
        let section = rawPlugins[name] ?? .object([:])
        guard let schemaText else { return .success(section) }

        let schema: JSONSchema
        do {
            schema = try JSONSchema(JSONParser.parse(schemaText, source: "schema of plugin \"\(plugin)\""))
        } catch let error as JSONParseError {
            return .failure(invalidSchema(plugin, sectionPath, error.description))
        } catch let error as JSONSchemaError {
            return .failure(invalidSchema(plugin, sectionPath, error.description))
        } catch {
            return .failure(invalidSchema(plugin, sectionPath, "\(error)"))
        }

        let violations = schema.validate(section, path: sectionPath)
        guard !violations.isEmpty else { return .success(schema.applyingDefaults(to: section)) }
        return .failure(error(for: violations, plugin: plugin, sectionPath: sectionPath))
    }

    private func invalidSchema(_ plugin: String, _ sectionPath: String, _ reason: String) -> ConfigError {
        ConfigError(source: source, path: sectionPath,
                    message: "plugin \"\(plugin)\" declares an invalid JSON Schema for its settings: \(reason)")
    }

    /// One violation reads like a compiler diagnostic (`file:line:col: path: message`); several are
    /// listed one per line, each with its own position.
    private func error(for violations: [SchemaViolation], plugin: String, sectionPath: String) -> ConfigError {
        if violations.count == 1, let violation = violations.first {
            return sourceMap.error(at: violation.path, violation.message)
        }
        let lines = violations.map { violation -> String in
            var line = "\(violation.path): \(violation.message)"
            if let location = sourceMap.location(of: violation.path) {
                line += " (line \(location.line), column \(location.column))"
            } else {
                line += sourceMap.origin(of: violation.path)
            }
            return line
        }
        return ConfigError(source: source, path: sectionPath,
                           message: "\(violations.count) problems with the settings of plugin \"\(plugin)\":",
                           details: lines)
    }
}
