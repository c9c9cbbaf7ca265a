/// A multi-pattern matcher: Aho-Corasick compiled into a full DFA over byte classes, scanning
/// folded text in one pass with one table load per byte.
///
/// Bytes that occur in no pattern share class 0; ASCII separators (in `.lexicon` mode) are
/// skipped by the class table itself; only lead bytes of scalars that may fold to something else
/// (full-width forms, homoglyphs, zero-width characters, CJK punctuation) leave the fast loop to
/// be decoded. A transition stores the next state's row offset with the sign bit set when that
/// state ends a pattern, so the loop needs no second lookup to know whether to report.
public final class Automaton: Sendable {
    public let mode: FoldMode
    public let patternCount: Int
    let classCount: Int
    /// Class of every byte: a class below `skipClass`, `skipClass` or `decodeClass`.
    let byteClass: [UInt8]
    let transitions: [Int32]
    /// 1 for bytes that keep the scan at the root (in no pattern's first position and not to be
    /// decoded): from the root, the full scan runs over them with one load per byte.
    let rootStays: [UInt8]
    /// Patterns ending at each state: `ownPatterns[ownStart[s]..<ownStart[s+1]]`.
    let ownStart: [Int32]
    let ownPatterns: [Int32]
    /// Nearest state on the failure chain that ends a pattern, or -1.
    let outputLink: [Int32]
    /// Folded length of every pattern, to find where a match starts.
    let patternLengths: [Int32]
    /// The trie alone, for walks from a given start (`Verifier`): the edges of trie node `n` are
    /// `trieSymbols[trieStart[n]..<trieStart[n+1]]` (ascending) to `trieTargets`, a target with
    /// the sign bit set when patterns end there. A twentieth of the DFA's size, so a walk stays
    /// in the second-level cache where the DFA's rows would each miss it. Nodes are numbered
    /// depth first, so that the chain of nodes a long pattern ends in, one child each, sits in
    /// adjacent entries: a walk along it reads a few cache lines, not three per character.
    let trieStart: [Int32]
    let trieSymbols: [UInt8]
    let trieTargets: [Int32]
    /// The automaton state of every trie node, for its patterns (`ownStart`).
    let trieStates: [Int32]
    /// The root's edges by symbol (-1: none): every walk takes one, and the root has the most.
    let rootEdges: [Int32]

    // Computed constants: stored statics are lazily initialised globals, checked on every read.
    @inline(__always) static var skipClass: UInt8 { 254 }
    @inline(__always) static var decodeClass: UInt8 { 255 }
    @inline(__always) private static var outputFlag: Int32 { Int32(bitPattern: 0x8000_0000) }

    public var stateCount: Int { ownStart.count - 1 }
    /// Bytes of table memory.
    public var memoryFootprint: Int {
        rootStays.count + (transitions.count + ownStart.count + ownPatterns.count + outputLink.count + trieStart.count + trieTargets.count + trieStates.count) * 4
            + trieSymbols.count
    }

    /// `patterns` are folded already (`Folding.foldedBytes`); empty ones never match.
    init(folded patterns: [[UInt8]], mode: FoldMode) {
        self.mode = mode
        patternCount = patterns.count
        patternLengths = patterns.map { Int32($0.count) }

        var used = [Bool](repeating: false, count: 256)
        for pattern in patterns { for byte in pattern { used[Int(byte)] = true } }
        var classOfByte = [UInt8](repeating: 0, count: 256)
        var classes = 1
        for byte in 0..<256 where used[byte] {
            classOfByte[byte] = UInt8(classes)
            classes += 1
        }
        classCount = classes
        let ascii = Folding.asciiTable(mode)
        byteClass = (0..<256).map { byte in
            if byte < 0x80 { return ascii[byte] == 0 ? Self.skipClass : classOfByte[Int(ascii[byte])] }
            return Folding.needsDecoding(lead: UInt8(byte)) ? Self.decodeClass : classOfByte[byte]
        }

        // The trie, laid out directly as rows of the final table (-1: no edge yet).
        var table = [Int32](repeating: -1, count: classes)
        var patternsEndingAt: [[Int32]] = [[]]
        for (index, pattern) in patterns.enumerated() where !pattern.isEmpty {
            var state = 0
            for byte in pattern {
                let slot = state * classes + Int(classOfByte[Int(byte)])
                if table[slot] < 0 {
                    table[slot] = Int32(patternsEndingAt.count)
                    patternsEndingAt.append([])
                    table.append(contentsOf: repeatElement(-1, count: classes))
                }
                state = Int(table[slot])
            }
            patternsEndingAt[state].append(Int32(index))
        }
        let states = patternsEndingAt.count

        // Breadth first: a state's failure target is shallower, so its row is complete by the
        // time the state is reached, and missing edges are copied from it.
        var failure = [Int32](repeating: 0, count: states)
        var depthOf = [Int32](repeating: 0, count: states)
        var link = [Int32](repeating: -1, count: states)
        var queue: [Int32] = []
        queue.reserveCapacity(states)
        for symbol in 0..<classes {
            let child = table[symbol]
            if child < 0 { table[symbol] = 0 } else { queue.append(child); depthOf[Int(child)] = 1 }
        }
        var head = 0
        while head < queue.count {
            let state = Int(queue[head])
            head += 1
            let fail = Int(failure[state])
            link[state] = patternsEndingAt[fail].isEmpty ? link[fail] : Int32(fail)
            let row = state * classes
            let failRow = fail * classes
            for symbol in 0..<classes {
                let child = table[row + symbol]
                if child < 0 {
                    table[row + symbol] = table[failRow + symbol]
                } else {
                    failure[Int(child)] = table[failRow + symbol]
                    depthOf[Int(child)] = depthOf[state] + 1
                    queue.append(child)
                }
            }
        }

        // Renumber states in breadth-first order: the shallow states, where the scan spends most
        // of its time, then sit in adjacent rows and share cache lines and pages.
        var renumbered = [Int32](repeating: 0, count: states)
        for (order, state) in ([0] + queue).enumerated() { renumbered[Int(state)] = Int32(order) }
        var starts = [Int32](repeating: 0, count: states + 1)
        var flat: [Int32] = []
        var outputs = [Int32](repeating: -1, count: states)
        var ordered = [Int32](repeating: 0, count: table.count)
        var orderedDepths = [Int32](repeating: 0, count: states)
        for (order, state) in ([0] + queue).enumerated() {
            let old = Int(state)
            starts[order] = Int32(flat.count)
            flat.append(contentsOf: patternsEndingAt[old])
            outputs[order] = link[old] < 0 ? -1 : renumbered[Int(link[old])]
            orderedDepths[order] = depthOf[old]
            let reportsBy = { (target: Int) in !patternsEndingAt[target].isEmpty || link[target] >= 0 }
            for symbol in 0..<classes {
                let target = Int(table[old * classes + symbol])
                ordered[order * classes + symbol] = renumbered[target] * Int32(classes) | (reportsBy(target) ? Self.outputFlag : 0)
            }
        }
        starts[states] = Int32(flat.count)
        // Trie edges are the transitions one level deeper; the others are failure transitions.
        var edgeStart = [Int32](repeating: 0, count: states + 1)
        var edgeSymbols: [UInt8] = []
        var edgeTargets: [Int32] = []
        edgeSymbols.reserveCapacity(states)
        edgeTargets.reserveCapacity(states)
        for state in 0..<states {
            edgeStart[state] = Int32(edgeSymbols.count)
            for symbol in 0..<classes {
                let next = ordered[state * classes + symbol]
                let target = Int(next & 0x7FFF_FFFF) / classes
                guard orderedDepths[target] == orderedDepths[state] + 1 else { continue }
                edgeSymbols.append(UInt8(symbol))
                edgeTargets.append(Int32(target) | (starts[target] != starts[target + 1] ? Self.outputFlag : 0))
            }
        }
        edgeStart[states] = Int32(edgeSymbols.count)
        (trieStart, trieSymbols, trieTargets, trieStates) = Self.depthFirst(edgeStart: edgeStart, symbols: edgeSymbols, targets: edgeTargets)
        transitions = ordered
        rootStays = byteClass.map { symbol in
            symbol == Self.skipClass || (symbol < Self.skipClass && ordered[Int(symbol)] == 0) ? 1 : 0
        }
        rootEdges = (0..<classes).map { [trieStart, trieSymbols, trieTargets] symbol in
            let range = Int(trieStart[0])..<Int(trieStart[1])
            return range.first { trieSymbols[$0] == UInt8(symbol) }.map { trieTargets[$0] } ?? -1
        }
        ownStart = starts
        ownPatterns = flat
        outputLink = outputs
    }

    /// The trie's edges (`edgeStart`, `symbols`, `targets` by state) renumbered depth first,
    /// children in symbol order; and the state of every node.
    private static func depthFirst(edgeStart: [Int32], symbols: [UInt8], targets: [Int32])
        -> (start: [Int32], symbols: [UInt8], targets: [Int32], states: [Int32]) {
        let states = edgeStart.count - 1
        var nodeOf = [Int32](repeating: 0, count: states)
        var stateOf: [Int32] = []
        stateOf.reserveCapacity(states)
        var pending: [Int32] = [0]
        while let state = pending.popLast() {
            nodeOf[Int(state)] = Int32(stateOf.count)
            stateOf.append(state)
            for slot in (Int(edgeStart[Int(state)])..<Int(edgeStart[Int(state) + 1])).reversed() {
                pending.append(targets[slot] & 0x7FFF_FFFF)
            }
        }
        var start: [Int32] = []
        var nodeSymbols: [UInt8] = []
        var nodeTargets: [Int32] = []
        start.reserveCapacity(states + 1)
        nodeSymbols.reserveCapacity(symbols.count)
        nodeTargets.reserveCapacity(targets.count)
        for state in stateOf {
            start.append(Int32(nodeSymbols.count))
            for slot in Int(edgeStart[Int(state)])..<Int(edgeStart[Int(state) + 1]) {
                nodeSymbols.append(symbols[slot])
                nodeTargets.append(nodeOf[Int(targets[slot] & 0x7FFF_FFFF)] | targets[slot] & outputFlag)
            }
        }
        start.append(Int32(nodeSymbols.count))
        return (start, nodeSymbols, nodeTargets, stateOf)
    }

    /// Calls `report(pattern, end)` for every occurrence of every pattern in the folded text,
    /// `end` being the byte offset just past the occurrence in `text`. `text` must be valid UTF-8.
    @inline(__always)
    func scan(_ text: UnsafeBufferPointer<UInt8>, _ report: (Int32, Int) -> Void) {
        let classes = classCount
        transitions.withUnsafeBufferPointer { table in
            byteClass.withUnsafeBufferPointer { classOf in
            rootStays.withUnsafeBufferPointer { stays in
                var row = 0
                var index = 0
                let count = text.count
                @inline(__always) func step(_ symbol: Int, end: Int) {
                    let next = table[row &+ symbol]
                    row = Int(next & 0x7FFF_FFFF)
                    if next < 0 { reportState(row / classes, end: end, report) }
                }
                while index < count {
                    if row == 0 {
                        // Ordinary text, code included, is mostly bytes that start no pattern.
                        while index < count, stays[Int(text[index])] != 0 { index &+= 1 }
                        guard index < count else { break }
                    }
                    let byte = text[index]
                    let symbol = classOf[Int(byte)]
                    if symbol < Self.skipClass {
                        index &+= 1
                        step(Int(symbol), end: index)
                    } else if symbol == Self.skipClass {
                        index &+= 1
                    } else {
                        let (scalar, length) = UTF8Scalar.decode(text, at: index)
                        let start = index
                        index &+= length
                        switch Folding.fold(scalar, mode) {
                        case .skip: break
                        case .ascii(let folded): step(Int(classOf[Int(folded)]), end: index)
                        case .keep:
                            for offset in start..<index { step(Int(classOf[Int(text[offset])]), end: index) }
                        }
                    }
                }
            }
            }
        }
    }

    /// Walks the trie from the root over the folded text starting at `start`, and calls
    /// `report(pattern, end)` for every pattern that begins exactly at `start`. Stops as soon as
    /// the walk leaves the trie (a failure transition), so a miss costs a few steps.
    func matchesStarting(at start: Int, in text: UnsafeBufferPointer<UInt8>, _ report: (Int32, Int) -> Void) {
        withVerifier { $0.matchesStarting(at: start, in: text, report) }
    }

    /// Runs `body` with a `Verifier` over this automaton's tables: a scan that verifies many
    /// candidates takes the tables once, not once per candidate.
    func withVerifier<Result>(_ body: (Verifier) -> Result) -> Result {
        rootEdges.withUnsafeBufferPointer { rootEdges in
        trieStart.withUnsafeBufferPointer { trieStart in
            trieSymbols.withUnsafeBufferPointer { trieSymbols in
                trieTargets.withUnsafeBufferPointer { trieTargets in
                    byteClass.withUnsafeBufferPointer { classOf in
                    trieStates.withUnsafeBufferPointer { trieStates in
                        ownStart.withUnsafeBufferPointer { ownStart in
                            ownPatterns.withUnsafeBufferPointer { ownPatterns in
                                body(Verifier(rootEdges: rootEdges.baseAddress!, trieStart: trieStart.baseAddress!, trieSymbols: trieSymbols.baseAddress!,
                                              trieTargets: trieTargets.baseAddress!, trieStates: trieStates.baseAddress!,
                                              classOf: classOf.baseAddress!,
                                              ownStart: ownStart.baseAddress!, ownPatterns: ownPatterns.baseAddress!, mode: mode))
                            }
                        }
                    }
                    }
                }
            }
        }
        }
    }

    /// The automaton's trie as plain pointers, for walks from a given start.
    struct Verifier {
        let rootEdges: UnsafePointer<Int32>
        let trieStart: UnsafePointer<Int32>
        let trieSymbols: UnsafePointer<UInt8>
        let trieTargets: UnsafePointer<Int32>
        let trieStates: UnsafePointer<Int32>
        let classOf: UnsafePointer<UInt8>
        let ownStart: UnsafePointer<Int32>
        let ownPatterns: UnsafePointer<Int32>
        let mode: FoldMode

        /// The trie edge from `state` on `symbol`, -1 when there is none.
        @inline(__always)
        func child(of state: Int, _ symbol: UInt8) -> Int32 {
            if state == 0 { return rootEdges[Int(symbol)] }
            var low = Int(trieStart[state])
            let end = Int(trieStart[state &+ 1])
            // Binary search down to a few edges, then a linear scan: deep states have one or two.
            var high = end
            while high &- low > 8 {
                let middle = (low &+ high) &>> 1
                if trieSymbols[middle] < symbol { low = middle &+ 1 } else { high = middle }
            }
            while low < end {
                let found = trieSymbols[low]
                if found >= symbol { return found == symbol ? trieTargets[low] : -1 }
                low &+= 1
            }
            return -1
        }

        /// See `Automaton.matchesStarting`.
        @inline(__always)
        func matchesStarting(at start: Int, in text: UnsafeBufferPointer<UInt8>, _ report: (Int32, Int) -> Void) {
            var state = 0
            var index = start
            var alive = true
            @inline(__always) func step(_ symbol: UInt8, end: Int) {
                let next = child(of: state, symbol)
                guard next != -1 else { alive = false; return }
                state = Int(next & 0x7FFF_FFFF)
                if next < 0 {
                    let owner = Int(trieStates[state])
                    for slot in Int(ownStart[owner])..<Int(ownStart[owner &+ 1]) { report(ownPatterns[slot], end) }
                }
            }
            while alive, index < text.count {
                let byte = text[index]
                let symbol = classOf[Int(byte)]
                if symbol < Automaton.skipClass {
                    index &+= 1
                    step(symbol, end: index)
                } else if symbol == Automaton.skipClass {
                    index &+= 1
                } else {
                    let (scalar, length) = UTF8Scalar.decode(text, at: index)
                    let scalarStart = index
                    index &+= length
                    switch Folding.fold(scalar, mode) {
                    case .skip: break
                    case .ascii(let folded): step(classOf[Int(folded)], end: index)
                    case .keep:
                        for offset in scalarStart..<index where alive { step(classOf[Int(text[offset])], end: index) }
                    }
                }
            }
        }
    }

    @inline(never)
    private func reportState(_ state: Int, end: Int, _ report: (Int32, Int) -> Void) {
        var current = state
        while current >= 0 {
            for slot in Int(ownStart[current])..<Int(ownStart[current + 1]) { report(ownPatterns[slot], end) }
            current = Int(outputLink[current])
        }
    }

    /// Where the occurrence of `pattern` that ends at `end` starts in the original text.
    func start(ofPattern pattern: Int32, endingAt end: Int, in text: UnsafeBufferPointer<UInt8>) -> Int {
        var remaining = Int(patternLengths[Int(pattern)])
        var position = end
        while remaining > 0, position > 0 {
            position = UTF8Scalar.previousStart(text, before: position)
            remaining -= Folding.foldedLength(text, at: position, mode).folded
        }
        return position
    }
}
