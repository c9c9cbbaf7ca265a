/// A template ready to fill: literal runs and slots that index the prompt's variable table.
/// Built once per version and cached, so rendering is only appends into a pre-sized string.
struct CompiledTemplate: Sendable {
    enum Piece: Sendable {
        case literal(String)
        case slot(Int)
    }

    let pieces: [Piece]
    let literalBytes: Int
    /// The same pieces with the literals already escaped for a JSON string, for `appendJSON`.
    let jsonPieces: [JSONPiece]

    enum JSONPiece: Sendable {
        case bytes([UInt8])
        case slot(Int)
    }

    init(_ parsed: [TemplatePiece], slots: [String: Int]) {
        var pieces: [Piece] = []
        var literalBytes = 0
        pieces.reserveCapacity(parsed.count)
        for piece in parsed {
            switch piece {
            case .literal(let text):
                literalBytes += text.utf8.count
                pieces.append(.literal(text))
            case .variable(let name):
                // The caller built `slots` from these same pieces, so every name has a slot.
                if let slot = slots[name] { pieces.append(.slot(slot)) }
            }
        }
        self.pieces = pieces
        self.literalBytes = literalBytes
        jsonPieces = pieces.map { piece in
            switch piece {
            case .literal(let text):
                var escaped: [UInt8] = []
                JSONBytes.appendEscaped(text, to: &escaped)
                return .bytes(escaped)
            case .slot(let index):
                return .slot(index)
            }
        }
    }

    /// Appends the filled template as the content of a JSON string, escaping each value as it
    /// is copied in (values are short; escaping them again where they repeat costs less than
    /// keeping escaped copies).
    func appendJSON(_ values: [String], to out: inout [UInt8]) {
        for piece in jsonPieces {
            switch piece {
            case .bytes(let bytes): out.append(contentsOf: bytes)
            case .slot(let index): JSONBytes.appendEscaped(values[index], to: &out)
            }
        }
    }

    func render(_ values: [String], valueBytes: Int) -> String {
        var out = String()
        out.reserveCapacity(literalBytes + valueBytes)
        for piece in pieces {
            switch piece {
            case .literal(let text): out.append(text)
            case .slot(let index): out.append(values[index])
            }
        }
        return out
    }
}
