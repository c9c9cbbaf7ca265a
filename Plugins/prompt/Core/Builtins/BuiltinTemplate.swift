/// A template shipped with the registry, in one language.
public struct BuiltinTemplate: Sendable {
    public let task: String
    public let language: String
    public let description: String
    public let content: VersionContent

    /// `builtin.<task>.<language>`, e.g. `builtin.rag-qa.zh`.
    public var name: String { "builtin.\(task).\(language)" }

    public var tags: [String: String] { ["builtin": "true", "task": task, "language": language] }

    /// Every built-in template: six tasks, in English and Chinese.
    public static let all: [BuiltinTemplate] = BuiltinTemplate.english + BuiltinTemplate.chinese

    static func chat(_ task: String, _ language: String, _ description: String, system: String, user: String,
                     variables: [VariableSpec], parameters: [String: JSONValue] = [:], responseFormat: JSONValue? = nil) -> BuiltinTemplate {
        BuiltinTemplate(task: task, language: language, description: description,
                        content: VersionContent(template: .chat([ChatMessage(role: "system", content: system), ChatMessage(role: "user", content: user)]),
                                                variables: variables, modelParameters: ModelParameters(parameters), responseFormat: responseFormat))
    }
}

extension PromptRegistry {
    /// Creates the built-in templates that are not in the registry yet. A built-in that exists
    /// is left alone: operators may have added versions of their own. Returns the names created.
    @discardableResult
    public func installBuiltins(_ templates: [BuiltinTemplate] = BuiltinTemplate.all) throws -> [String] {
        var created: [String] = []
        for template in templates {
            do {
                try create(name: template.name, description: template.description, tags: template.tags,
                           firstVersion: NewVersion(content: template.content, commitMessage: "built-in template", author: "aip"))
                created.append(template.name)
            } catch let error as PromptError where error.kind == .conflict {
                continue
            }
        }
        return created
    }
}
