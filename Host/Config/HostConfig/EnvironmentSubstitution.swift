/// Expands `${NAME}` references in configuration strings.
///
/// - `${NAME}` is the variable's value (an empty value stays empty);
/// - `${NAME:-fallback}` uses `fallback` when NAME is unset or empty (the shell's rule);
/// - `$${` is a literal `${`; any other `$` is kept as is.
///
/// Fallbacks are literal text: they are not expanded again, so they cannot recurse.
struct EnvironmentSubstitution {
    let environment: [String: String]

    enum Failure: Error, Equatable {
        case unsetVariable(String)
        case unterminatedReference
        case invalidReference(String)
    }

    /// Expands every string in `value`, leaving object keys alone. Errors name the value's path
    /// and position in the file.
    func expandStrings(in value: JSONValue, at path: String, sourceMap: ConfigSourceMap) throws(ConfigError) -> JSONValue {
        switch value {
        case .string(let text):
            do {
                return .string(try expand(text))
            } catch {
                throw sourceMap.error(at: path, Self.explain(error))
            }
        case .array(let elements):
            var expanded: [JSONValue] = []
            expanded.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                expanded.append(try expandStrings(in: element, at: JSONPath.element(index, of: path), sourceMap: sourceMap))
            }
            return .array(expanded)
        case .object(let members):
            var expanded: [String: JSONValue] = [:]
            for (key, member) in members {
                expanded[key] = try expandStrings(in: member, at: JSONPath.member(key, of: path), sourceMap: sourceMap)
            }
            return .object(expanded)
        case .null, .bool, .int, .double:
            return value
        }
    }

    func expand(_ text: String) throws(Failure) -> String {
        guard text.contains("$") else { return text }
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar == "$" else {
                output.append(scalar)
                index += 1
                continue
            }
            if Self.matches(scalars, at: index + 1, "${") {
                output.append(contentsOf: "${".unicodeScalars)
                index += 3
            } else if Self.matches(scalars, at: index + 1, "{") {
                let referenceStart = index + 2
                guard let close = scalars[referenceStart...].firstIndex(of: "}") else { throw .unterminatedReference }
                let reference = String(String.UnicodeScalarView(scalars[referenceStart..<close]))
                output.append(contentsOf: try resolve(reference).unicodeScalars)
                index = close + 1
            } else {
                output.append(scalar)
                index += 1
            }
        }
        return String(output)
    }

    /// Resolves the inside of `${...}`.
    private func resolve(_ reference: String) throws(Failure) -> String {
        let name: String
        let fallback: String?
        if let separator = reference.firstRange(of: ":-") {
            name = String(reference[..<separator.lowerBound])
            fallback = String(reference[separator.upperBound...])
        } else {
            name = reference
            fallback = nil
        }
        guard Self.isVariableName(name) else { throw .invalidReference(reference) }
        if let fallback {
            guard let value = environment[name], !value.isEmpty else { return fallback }
            return value
        }
        guard let value = environment[name] else { throw .unsetVariable(name) }
        return value
    }

    private static func matches(_ scalars: [Unicode.Scalar], at index: Int, _ expected: String) -> Bool {
        var position = index
        for scalar in expected.unicodeScalars {
            guard position < scalars.count, scalars[position] == scalar else { return false }
            position += 1
        }
        return true
    }

    /// Portable shell variable names: a letter or underscore, then letters, digits, underscores.
    private static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else {
            return false
        }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }

    private static func explain(_ failure: Failure) -> String {
        switch failure {
        case .unsetVariable(let name):
            return "environment variable \(name) is not set (write ${\(name):-default} to give a fallback)"
        case .unterminatedReference:
            return "unterminated ${ in string (write $${ for a literal ${)"
        case .invalidReference(let reference):
            return "invalid reference ${\(reference)}; expected ${NAME} or ${NAME:-default}"
        }
    }
}
