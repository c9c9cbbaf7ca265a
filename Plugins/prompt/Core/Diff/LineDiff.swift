/// Line diffs by Myers' O(ND) algorithm, keeping only the live band of each round so memory
/// grows with the square of the edit count, not with the file size.
enum LineDiff {
    enum Edit: Equatable {
        case equal(String)
        case insert(String)
        case delete(String)
    }

    /// Past this many edits the diff gives up on alignment and replaces the whole text: such a
    /// diff is unreadable anyway, and the search would cost too much.
    static let maxEdits = 1000

    static func edits(_ a: [String], _ b: [String]) -> [Edit] {
        let n = a.count
        let m = b.count
        let maximum = min(n + m, maxEdits)
        guard n + m > 0 else { return [] }
        let offset = maximum + 1
        var frontier = [Int](repeating: 0, count: 2 * maximum + 3)
        var rounds: [[Int]] = []
        var finished = false
        for d in 0...maximum {
            for k in stride(from: -d, through: d, by: 2) {
                let down = k == -d || (k != d && frontier[offset + k - 1] < frontier[offset + k + 1])
                var x = down ? frontier[offset + k + 1] : frontier[offset + k - 1] + 1
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                frontier[offset + k] = x
                if x >= n, y >= m { finished = true }
            }
            rounds.append(Array(frontier[(offset - d)...(offset + d)]))
            if finished { break }
        }
        guard finished else { return a.map(Edit.delete) + b.map(Edit.insert) }

        var result: [Edit] = []
        var x = n
        var y = m
        for d in stride(from: rounds.count - 1, through: 1, by: -1) {
            let previous = rounds[d - 1]
            let reached = { (k: Int) in previous[k + d - 1] }
            let k = x - y
            let down = k == -d || (k != d && reached(k - 1) < reached(k + 1))
            let previousK = down ? k + 1 : k - 1
            let previousX = reached(previousK)
            let startX = down ? previousX : previousX + 1
            while x > startX, y > startX - k {
                result.append(.equal(a[x - 1]))
                x -= 1
                y -= 1
            }
            if down {
                result.append(.insert(b[y - 1]))
                y -= 1
            } else {
                result.append(.delete(a[x - 1]))
                x -= 1
            }
        }
        while x > 0, y > 0 {
            result.append(.equal(a[x - 1]))
            x -= 1
            y -= 1
        }
        return result.reversed()
    }

    /// A unified diff (`@@ -a,b +c,d @@` hunks with `context` lines around each change).
    static func unified(_ edits: [Edit], fromLabel: String, toLabel: String, context: Int = 3) -> String {
        guard edits.contains(where: { if case .equal = $0 { false } else { true } }) else { return "" }
        var out = "--- \(fromLabel)\n+++ \(toLabel)\n"
        // Positions (in both texts) of each edit, to number the hunks.
        var oldLine = [Int](), newLine = [Int]()
        var o = 1, p = 1
        for edit in edits {
            oldLine.append(o)
            newLine.append(p)
            switch edit {
            case .equal: o += 1; p += 1
            case .delete: o += 1
            case .insert: p += 1
            }
        }
        let changed = edits.indices.filter { if case .equal = edits[$0] { false } else { true } }
        var index = 0
        while index < changed.count {
            let start = max(changed[index] - context, 0)
            var end = min(changed[index] + context, edits.count - 1)
            while index + 1 < changed.count, changed[index + 1] - context <= end + 1 {
                index += 1
                end = min(changed[index] + context, edits.count - 1)
            }
            let hunk = edits[start...end]
            let oldCount = hunk.filter { if case .insert = $0 { false } else { true } }.count
            let newCount = hunk.filter { if case .delete = $0 { false } else { true } }.count
            out += "@@ -\(oldLine[start]),\(oldCount) +\(newLine[start]),\(newCount) @@\n"
            for edit in hunk {
                switch edit {
                case .equal(let line): out += " \(line)\n"
                case .delete(let line): out += "-\(line)\n"
                case .insert(let line): out += "+\(line)\n"
                }
            }
            index += 1
        }
        return out
    }
}
