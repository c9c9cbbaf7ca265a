import AIPConfig
import Foundation

/// Turns the config section into settings, naming the dotted path of anything wrong.
struct SettingsReader {
    let dataDirectory: String?

    mutating func read(_ config: JSONValue) throws(GuardrailsError) -> GuardrailsSettings {
        let root = try object(config, at: "config")
        try allowKeys(root, ["default_policy", "max_input_bytes", "max_findings", "callers", "sensitive_words", "toxicity",
                             "topics", "policies", "jailbreak"], at: "")
        var terms: [LexiconEntry] = []

        let sensitive = try object(root["sensitive_words"] ?? .object([:]), at: "sensitive_words")
        try allowKeys(sensitive, ["terms", "files", "allow", "allow_files"], at: "sensitive_words")
        terms += try lines(inline: sensitive["terms"], at: "sensitive_words.terms", files: sensitive["files"],
                           directory: "sensitive-words").map { line, origin, file in
            LexiconEntry(text: line.term, role: .sensitive, category: line.category ?? file, weight: line.weight ?? 0.9, origin: origin.description)
        }
        terms += try lines(inline: sensitive["allow"], at: "sensitive_words.allow", files: sensitive["allow_files"],
                           directory: "allow-list").map { line, origin, _ in
            LexiconEntry(text: line.term, role: .allow, category: "allow", weight: 1, origin: origin.description)
        }

        let toxicity = try object(root["toxicity"] ?? .object([:]), at: "toxicity")
        try allowKeys(toxicity, ["builtin", "terms", "files", "scorer"], at: "toxicity")
        if try bool(toxicity["builtin"], at: "toxicity.builtin") ?? true { terms += ToxicityLexicon.entries }
        terms += try lines(inline: toxicity["terms"], at: "toxicity.terms", files: toxicity["files"], directory: "toxicity")
            .map { (line, origin, _) throws(GuardrailsError) in
                guard let category = line.category, let weight = line.weight else {
                    throw .malformedTermList(file: origin.file, line: origin.line,
                                             reason: "a toxicity entry needs three tab-separated fields: term, category, weight")
                }
                return LexiconEntry(text: line.term, role: .toxicity, category: category, weight: weight, origin: origin.description)
            }
        var externalScorer = false
        if let scorer = toxicity["scorer"] {
            switch scorer.stringValue {
            case "lexicon": break
            case "capability": externalScorer = true
            default: throw .invalidConfig(path: "toxicity.scorer", reason: "must be \"lexicon\" or \"capability\"")
            }
        }

        let topics = try object(root["topics"] ?? .object([:]), at: "topics")
        try allowKeys(topics, ["builtin", "sets"], at: "topics")
        if try bool(topics["builtin"], at: "topics.builtin") ?? true { terms += TopicLexicon.entries }
        for (name, set) in try object(topics["sets"] ?? .object([:]), at: "topics.sets").sorted(by: { $0.key < $1.key }) {
            let path = "topics.sets.\(name)"
            let members = try object(set, at: path)
            try allowKeys(members, ["terms", "files"], at: path)
            terms += try lines(inline: members["terms"], at: path + ".terms", files: members["files"], directory: nil)
                .map { line, origin, _ in
                    LexiconEntry(text: line.term, role: .topic, category: name, weight: line.weight ?? 0.5, origin: origin.description)
                }
        }
        terms += try topicFiles()

        var settings = GuardrailsSettings(policies: BuiltinPolicies.all, terms: terms)
        settings.externalToxicityScorer = externalScorer
        try readJailbreak(root["jailbreak"], into: &settings)
        if let value = root["max_input_bytes"] { settings.maxInputBytes = try positive(value, at: "max_input_bytes") }
        if let value = root["max_findings"] { settings.maxFindings = try positive(value, at: "max_findings") }
        for (name, value) in try object(root["policies"] ?? .object([:]), at: "policies") {
            settings.policies[name] = try PolicyReader.policy(named: name, value, at: "policies.\(name)")
        }
        if let value = root["default_policy"] {
            guard let name = value.stringValue else { throw .invalidConfig(path: "default_policy", reason: "must be a string") }
            guard settings.policies[name] != nil else {
                throw .invalidConfig(path: "default_policy", reason: GuardrailsError.unknownPolicy(name, known: settings.policyNames).description)
            }
            settings.defaultPolicy = name
        }
        for (caller, value) in try object(root["callers"] ?? .object([:]), at: "callers") {
            guard let name = value.stringValue, settings.policies[name] != nil else {
                throw .invalidConfig(path: "callers.\(caller)",
                                     reason: GuardrailsError.unknownPolicy(value.stringValue ?? value.typeName, known: settings.policyNames).description)
            }
            settings.callers[caller] = name
        }
        return settings
    }

    /// `jailbreak.classifier`: "built-in" (default), "none", or a weights file relative to the data
    /// directory. A weights file that is missing or corrupt does not stop the load: the rule runs
    /// on the scorer alone and the reason, naming the file, goes to `settings.warnings`.
    private func readJailbreak(_ value: JSONValue?, into settings: inout GuardrailsSettings) throws(GuardrailsError) {
        let jailbreak = try object(value ?? .object([:]), at: "jailbreak")
        try allowKeys(jailbreak, ["classifier"], at: "jailbreak")
        let choice: String
        if let classifier = jailbreak["classifier"] {
            guard let name = classifier.stringValue, !name.isEmpty else {
                throw .invalidConfig(path: "jailbreak.classifier", reason: "must be \"built-in\", \"none\" or a weights file name")
            }
            choice = name
        } else {
            choice = "built-in"
        }
        switch choice {
        case "built-in":
            return // set up, or its failure reported, by `GuardrailsSettings.init`
        case "none":
            settings.jailbreakClassifier = nil
        default:
            let full = choice.hasPrefix("/") ? choice : (dataDirectory.map { $0 + "/" + choice } ?? choice)
            do {
                settings.jailbreakClassifier = try JailbreakClassifier(path: full, displayName: choice)
            } catch {
                settings.jailbreakClassifier = nil
                settings.warnings.append(GuardrailsSettings.fallback(error))
            }
        }
    }

    // MARK: Term lines from config and files

    struct Origin: CustomStringConvertible {
        var file: String
        var line: Int
        var description: String { "\(file):\(line)" }
    }

    /// Lines given inline (`at[i]`), in the named files, and in every `*.txt` of `directory`;
    /// each with its origin and the base name of its file (the default category).
    private func lines(inline: JSONValue?, at path: String, files: JSONValue?, directory: String?) throws(GuardrailsError)
        -> [(TermList.Line, Origin, String)] {
        var result: [(TermList.Line, Origin, String)] = []
        if let inline {
            guard let items = inline.arrayValue else { throw .invalidConfig(path: path, reason: "must be an array of strings") }
            for (index, item) in items.enumerated() {
                guard let text = item.stringValue else { throw .invalidConfig(path: "\(path)[\(index)]", reason: "must be a string") }
                let name = "\(path)[\(index)]"
                for line in try TermList.parse(text, name: name) {
                    result.append((line, Origin(file: name, line: line.number), "config"))
                }
            }
        }
        var paths: [String] = []
        if let files {
            guard let items = files.arrayValue else { throw .invalidConfig(path: path.replacingOccurrences(of: ".terms", with: ".files"), reason: "must be an array of paths") }
            for item in items {
                guard let file = item.stringValue else { throw .invalidConfig(path: path, reason: "file names must be strings") }
                paths.append(file)
            }
        }
        if let directory { paths += textFiles(in: directory) }
        for relative in paths {
            let full = relative.hasPrefix("/") ? relative : (dataDirectory.map { $0 + "/" + relative } ?? relative)
            let base = ((relative as NSString).lastPathComponent as NSString).deletingPathExtension
            for line in try TermList.load(path: full, displayName: relative) {
                result.append((line, Origin(file: relative, line: line.number), base))
            }
        }
        return result
    }

    private func textFiles(in directory: String) -> [String] {
        guard let dataDirectory,
              let names = try? FileManager.default.contentsOfDirectory(atPath: dataDirectory + "/" + directory) else { return [] }
        return names.filter { $0.hasSuffix(".txt") }.sorted().map { directory + "/" + $0 }
    }

    private func topicFiles() throws(GuardrailsError) -> [LexiconEntry] {
        var entries: [LexiconEntry] = []
        for relative in textFiles(in: "topics") {
            let topic = ((relative as NSString).lastPathComponent as NSString).deletingPathExtension
            for line in try TermList.load(path: dataDirectory! + "/" + relative, displayName: relative) {
                entries.append(LexiconEntry(text: line.term, role: .topic, category: topic, weight: line.weight ?? 0.5,
                                            origin: "\(relative):\(line.number)"))
            }
        }
        return entries
    }
}

// MARK: Small typed readers shared with PolicyReader

func object(_ value: JSONValue, at path: String) throws(GuardrailsError) -> [String: JSONValue] {
    guard let members = value.objectValue else { throw .invalidConfig(path: path, reason: "must be an object, got \(value.typeName)") }
    return members
}

func allowKeys(_ members: [String: JSONValue], _ known: [String], at path: String) throws(GuardrailsError) {
    if let unknown = members.keys.sorted().first(where: { !known.contains($0) }) {
        throw .invalidConfig(path: path.isEmpty ? unknown : "\(path).\(unknown)", reason: "unknown setting (known: \(known.joined(separator: ", ")))")
    }
}

func bool(_ value: JSONValue?, at path: String) throws(GuardrailsError) -> Bool? {
    guard let value else { return nil }
    guard let flag = value.boolValue else { throw .invalidConfig(path: path, reason: "must be true or false") }
    return flag
}

func positive(_ value: JSONValue, at path: String) throws(GuardrailsError) -> Int {
    guard let number = value.int64Value, number > 0 else { throw .invalidConfig(path: path, reason: "must be a positive integer") }
    return Int(number)
}
