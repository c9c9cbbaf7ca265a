/// Orders chosen packages so that each comes after everything it requires.
enum InstallOrder {
    /// Depth-first post-order over the requirements, visiting names in sorted order; a cycle is
    /// entered at its first name and the edge closing it is skipped, so the order stays total
    /// and deterministic. Iterative, so deep chains cannot overflow the stack.
    static func of(_ selected: [String: PackageCandidate]) -> [String] {
        var order: [String] = []
        var visited: Set<String> = []
        for root in selected.keys.sorted() where !visited.contains(root) {
            visited.insert(root)
            var stack: [(name: String, dependencies: [String], next: Int)] = [(root, dependencies(of: root, in: selected), 0)]
            while !stack.isEmpty {
                let top = stack.count - 1
                if stack[top].next < stack[top].dependencies.count {
                    let dependency = stack[top].dependencies[stack[top].next]
                    stack[top].next += 1
                    if visited.insert(dependency).inserted {
                        stack.append((dependency, dependencies(of: dependency, in: selected), 0))
                    }
                } else {
                    order.append(stack[top].name)
                    stack.removeLast()
                }
            }
        }
        return order
    }

    private static func dependencies(of name: String, in selected: [String: PackageCandidate]) -> [String] {
        Set((selected[name]?.requires ?? []).map(\.name).filter { selected[$0] != nil && $0 != name }).sorted()
    }
}
