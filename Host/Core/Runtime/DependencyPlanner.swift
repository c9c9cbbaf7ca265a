/// Orders plugins so that providers start before the plugins that require them, and explains
/// every plugin it cannot order: a requirement nobody provides, or a dependency cycle.
/// Optional requirements order start-up too (a gateway that can use the http plugin finds its
/// routes registrable when it starts), but never refuse anything: a cycle through an optional
/// requirement is broken by starting in load order.
struct DependencyPlanner {
    struct Plan {
        /// Start order (providers first).
        var order: [PluginRecord] = []
        /// Plugin name → the plugins it depends on (for "its dependency failed" messages).
        var dependencies: [String: [String]] = [:]
        var refused: [(PluginRecord, String)] = []
    }

    /// `pending` are plugins to start (in load order); `running` already provide capabilities.
    static func plan(pending: [PluginRecord], running: [PluginRecord]) -> Plan {
        var plan = Plan()
        var alive = pending
        var refusedReasons: [String: String] = [:]
        var changed = true
        while changed {
            changed = false
            // 1. Requirements nobody (still alive or running) provides.
            for record in alive {
                if let reason = unmetRequirement(of: record, among: alive + running, refused: refusedReasons, all: pending) {
                    plan.refused.append((record, reason))
                    refusedReasons[record.name] = reason
                    alive.removeAll { $0 === record }
                    changed = true
                }
            }
            if changed { continue }
            // 2. Cycles among what is left.
            let edges = dependencyEdges(alive, running: running)
            for cycle in stronglyConnectedCycles(alive, edges: edges) {
                let reason = "dependency cycle: " + describe(cycle: cycle, edges: edges)
                for record in cycle {
                    plan.refused.append((record, reason))
                    refusedReasons[record.name] = reason
                    alive.removeAll { $0 === record }
                }
                changed = true
            }
        }
        let edges = dependencyEdges(alive, running: running)
        for record in alive {
            plan.dependencies[record.name] = (edges[record.name] ?? []).map(\.provider.name)
        }
        plan.order = topologicalOrder(alive, edges: edges, preferred: optionalEdges(alive))
        return plan
    }

    struct Edge {
        let capability: String
        let provider: PluginRecord
    }

    /// record name → (capability, provider) for each hard requirement, among `alive` plugins only
    /// (running providers impose no ordering: they are already up).
    private static func dependencyEdges(_ alive: [PluginRecord], running: [PluginRecord]) -> [String: [Edge]] {
        var edges: [String: [Edge]] = [:]
        for record in alive {
            for requirement in record.descriptor.requirements where !requirement.optional && !requirement.isFamily {
                for provider in alive where provider !== record {
                    if provider.descriptor.provides.contains(where: { $0.name == requirement.name && (requirement.range?.contains($0.version) ?? true) }) {
                        edges[record.name, default: []].append(Edge(capability: requirement.name, provider: provider))
                    }
                }
            }
        }
        return edges
    }

    /// record name → providers of its optional, single-capability requirements among `alive`.
    private static func optionalEdges(_ alive: [PluginRecord]) -> [String: [PluginRecord]] {
        var edges: [String: [PluginRecord]] = [:]
        for record in alive {
            for requirement in record.descriptor.requirements where requirement.optional && !requirement.isFamily {
                for provider in alive where provider !== record {
                    if provider.descriptor.provides.contains(where: { $0.name == requirement.name && (requirement.range?.contains($0.version) ?? true) }) {
                        edges[record.name, default: []].append(provider)
                    }
                }
            }
        }
        return edges
    }

    private static func unmetRequirement(of record: PluginRecord, among candidates: [PluginRecord],
                                         refused: [String: String], all: [PluginRecord]) -> String? {
        for requirement in record.descriptor.requirements where !requirement.optional && !requirement.isFamily {
            let offers = candidates.filter { $0 !== record }.compactMap { provider in
                provider.descriptor.provides.first { $0.name == requirement.name }.map { (provider, $0.version) }
            }
            if offers.contains(where: { requirement.range?.contains($0.1) ?? true }) { continue }
            if let (provider, version) = offers.first {
                return "requires capability \(requirement.name) \(requirement.rangeText), but \(provider.name) provides version \(version), outside that range"
            }
            if let gone = all.first(where: { $0 !== record && refused[$0.name] != nil && $0.descriptor.provides.contains { $0.name == requirement.name } }) {
                return "requires capability \(requirement.name), provided only by \(gone.name), which was refused (\(refused[gone.name]!))"
            }
            return "requires capability \(requirement.name) \(requirement.rangeText), which no loaded plugin provides"
        }
        return nil
    }

    /// Tarjan's algorithm; returns each strongly connected component that is a real cycle.
    private static func stronglyConnectedCycles(_ nodes: [PluginRecord], edges: [String: [Edge]]) -> [[PluginRecord]] {
        var index = 0
        var indices: [String: Int] = [:]
        var lowlink: [String: Int] = [:]
        var stack: [PluginRecord] = []
        var onStack = Set<String>()
        var cycles: [[PluginRecord]] = []

        func visit(_ node: PluginRecord) {
            indices[node.name] = index
            lowlink[node.name] = index
            index += 1
            stack.append(node)
            onStack.insert(node.name)
            for edge in edges[node.name] ?? [] {
                let next = edge.provider
                if indices[next.name] == nil {
                    visit(next)
                    lowlink[node.name] = min(lowlink[node.name]!, lowlink[next.name]!)
                } else if onStack.contains(next.name) {
                    lowlink[node.name] = min(lowlink[node.name]!, indices[next.name]!)
                }
            }
            if lowlink[node.name] == indices[node.name] {
                var component: [PluginRecord] = []
                while let top = stack.popLast() {
                    onStack.remove(top.name)
                    component.append(top)
                    if top === node { break }
                }
                if component.count > 1 { cycles.append(component.reversed()) }
            }
        }
        for node in nodes where indices[node.name] == nil { visit(node) }
        return cycles
    }

    /// "a needs cycle.b from b → b needs cycle.a from a".
    private static func describe(cycle: [PluginRecord], edges: [String: [Edge]]) -> String {
        let members = Set(cycle.map(\.name))
        guard var current = cycle.min(by: { $0.name < $1.name }) else { return "" }
        var steps: [String] = []
        var visited = Set<String>()
        while visited.insert(current.name).inserted {
            guard let edge = (edges[current.name] ?? []).first(where: { members.contains($0.provider.name) }) else { break }
            steps.append("\(current.name) requires \(edge.capability) from \(edge.provider.name)")
            current = edge.provider
        }
        return steps.joined(separator: " → ")
    }

    /// Kahn's algorithm, stable in load order. A plugin whose hard requirements have started
    /// waits for the providers of its optional ones too, unless every waiting plugin is in that
    /// position (an optional cycle): then the first in load order goes.
    private static func topologicalOrder(_ nodes: [PluginRecord], edges: [String: [Edge]],
                                         preferred: [String: [PluginRecord]]) -> [PluginRecord] {
        var remaining = nodes
        var started = Set<String>()
        var order: [PluginRecord] = []
        func ready(_ record: PluginRecord) -> Bool {
            (edges[record.name] ?? []).allSatisfy { started.contains($0.provider.name) }
        }
        while !remaining.isEmpty {
            let settled = remaining.firstIndex { record in
                ready(record) && (preferred[record.name] ?? []).allSatisfy { started.contains($0.name) }
            }
            guard let next = settled ?? remaining.firstIndex(where: ready) else { break }
            let record = remaining.remove(at: next)
            started.insert(record.name)
            order.append(record)
        }
        return order
    }
}
