extension Observations {
    /// Several recorders' observations (the lifecycle check's two cycles) as one.
    static func merged(_ parts: [Observations]) -> Observations {
        var merged = Observations()
        var counts: [ChildNote: Int] = [:]
        var order: [ChildNote] = []
        for part in parts {
            merged.publishes += part.publishes
            merged.slowestCalls += part.slowestCalls
            for note in part.notes {
                let key = ChildNote(kind: note.kind, text: note.text)
                if counts[key] == nil { order.append(key) }
                counts[key, default: 0] += note.count
            }
        }
        merged.notes = order.map { .init(kind: $0.kind, text: $0.text, count: counts[$0]!) }
        return merged
    }
}
