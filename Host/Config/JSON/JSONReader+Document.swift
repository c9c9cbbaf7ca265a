extension JSONReader {
    /// Parses the whole input as exactly one JSON value surrounded by optional whitespace.
    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipByteOrderMark()
        skipWhitespace()
        guard !isAtEnd else { throw error("empty input: expected a JSON value", at: offset) }
        let value = try parseValue()
        skipWhitespace()
        guard isAtEnd else {
            throw error("unexpected \(describeCharacter(at: offset)) after the JSON value", at: offset)
        }
        return value
    }

    /// Parses one value with an explicit stack instead of recursion, so nesting depth never
    /// threatens the thread's stack (the host may parse on small-stack worker threads).
    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        var containers = JSONOpenContainers()
        var completed: JSONValue

        readValue: while true {
            // The cursor is on the first character of a value.
            let path = recordingLocations ? containers.childPath() : ""
            if recordingLocations { locations[path] = location(at: offset) }
            guard let byte = current else {
                throw error("unexpected end of input, expected a JSON value", at: offset)
            }
            switch byte {
            case ASCII.openBrace, ASCII.openBracket:
                guard containers.depth < JSONParser.maximumNestingDepth else {
                    throw error("nesting is deeper than \(JSONParser.maximumNestingDepth) levels", at: offset)
                }
                let isObject = byte == ASCII.openBrace
                offset += 1
                skipWhitespace()
                if current == (isObject ? ASCII.closeBrace : ASCII.closeBracket) {
                    offset += 1
                    completed = isObject ? .object([:]) : .array([])
                } else {
                    containers.open(isObject: isObject, path: path)
                    if isObject { containers.setPendingKey(try readMemberKey(in: containers)) }
                    continue readValue
                }
            case ASCII.quote:
                completed = .string(try readString())
            case ASCII.minus, ASCII.zero...ASCII.nine:
                completed = try readNumber()
            default:
                completed = try readLiteral()
            }

            // Hand the finished value to its container; close every container that ends here.
            while let isObject = containers.innermostIsObject {
                skipWhitespace()
                containers.add(completed)
                if isObject {
                    if try readSeparator(closing: "}", after: "object member") {
                        completed = containers.close()
                    } else {
                        containers.setPendingKey(try readMemberKey(in: containers))
                        continue readValue
                    }
                } else {
                    if try readSeparator(closing: "]", after: "array element") {
                        completed = containers.close()
                    } else {
                        continue readValue
                    }
                }
            }
            return completed
        }
    }

    /// Reads the `,` or closing bracket after a container entry. Returns `true` when the container
    /// closed; after a comma the cursor is left on the next entry.
    private mutating func readSeparator(closing: Unicode.Scalar, after entry: String) throws(JSONParseError) -> Bool {
        let closer = UInt8(ascii: closing)
        switch current {
        case closer:
            offset += 1
            return true
        case ASCII.comma:
            let comma = offset
            offset += 1
            skipWhitespace()
            if current == closer {
                throw error("trailing comma before '\(closing)' is not allowed", at: comma)
            }
            return false
        default:
            throw error("expected ',' or '\(closing)' after \(entry), found \(describeCharacter(at: offset))",
                        at: offset)
        }
    }

    /// Reads `"key" :` and leaves the cursor on the member's value.
    private mutating func readMemberKey(in containers: JSONOpenContainers) throws(JSONParseError) -> String {
        guard current == ASCII.quote else {
            throw error("expected a string key for an object member, found \(describeCharacter(at: offset))",
                        at: offset)
        }
        let keyStart = offset
        let key = try readString()
        if containers.innermostContains(key: key) {
            throw error("duplicate key \(JSONValue.string(key).serialized())", at: keyStart)
        }
        skipWhitespace()
        guard current == ASCII.colon else {
            throw error("expected ':' after object key \(JSONValue.string(key).serialized()), found \(describeCharacter(at: offset))",
                        at: offset)
        }
        offset += 1
        skipWhitespace()
        return key
    }
}
