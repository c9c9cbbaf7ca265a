/// Sensitive words, toxicity and topics: rules that read the shared lexicon's hits.
enum LexiconRules {
    /// Sensitive-word hits not covered by an allow-listed phrase.
    static func sensitiveWords(_ hits: [LexiconHit], lexicon: Lexicon) -> [RawFinding] {
        let allowed = hits.filter { lexicon.roles[Int($0.entry)] == .allow }
        return hits.compactMap { hit in
            guard lexicon.roles[Int(hit.entry)] == .sensitive else { return nil }
            let entry = lexicon.entries[Int(hit.entry)]
            guard !allowed.contains(where: { $0.start <= hit.start && $0.end >= hit.end }) else { return nil }
            return RawFinding(rule: .sensitiveWords, category: entry.category, start: hit.start, end: hit.end,
                              score: entry.weight, reason: "term from the '\(entry.category)' list")
        }
    }

    /// One finding per toxic term, scored with its category's combined score
    /// (1 − Π(1 − weight) over distinct terms).
    static func toxicity(_ hits: [LexiconHit], lexicon: Lexicon) -> [RawFinding] {
        let toxic = hits.filter { lexicon.roles[Int($0.entry)] == .toxicity }
        var scores: [String: Double] = [:]
        var seen: Set<Int32> = []
        for hit in toxic where seen.insert(hit.entry).inserted {
            let entry = lexicon.entries[Int(hit.entry)]
            scores[entry.category] = 1 - (1 - scores[entry.category, default: 0]) * (1 - entry.weight)
        }
        return toxic.map { hit in
            let category = lexicon.entries[Int(hit.entry)].category
            let score = scores[category] ?? 0
            return RawFinding(rule: .toxicity, category: category, start: hit.start, end: hit.end, score: score,
                              reason: "\(category) language (category score \(score.rounded(toPlaces: 2)))")
        }
    }

    /// Scores from an external scorer become whole-text findings.
    static func toxicity(externalScores: [String: Double]) -> [RawFinding] {
        externalScores.sorted { $0.key < $1.key }.map { category, score in
            RawFinding.whole(.toxicity, category, score: score, reason: "\(category) score \(score.rounded(toPlaces: 2)) from the external scorer")
        }
    }

    /// One finding per topic, spanning its first keyword, scored like toxicity categories.
    static func topics(_ hits: [LexiconHit], lexicon: Lexicon) -> [RawFinding] {
        var scores: [String: Double] = [:]
        var first: [String: LexiconHit] = [:]
        var count: [String: Int] = [:]
        var seen: Set<Int32> = []
        for hit in hits where lexicon.roles[Int(hit.entry)] == .topic {
            let entry = lexicon.entries[Int(hit.entry)]
            guard seen.insert(hit.entry).inserted else { continue }
            scores[entry.category] = 1 - (1 - scores[entry.category, default: 0]) * (1 - entry.weight)
            if first[entry.category] == nil { first[entry.category] = hit }
            count[entry.category, default: 0] += 1
        }
        return scores.keys.sorted().map { topic in
            let hit = first[topic]!
            return RawFinding(rule: .topics, category: topic, start: hit.start, end: hit.end, score: scores[topic]!,
                              reason: "on the restricted topic '\(topic)' (\(count[topic]!) keywords)")
        }
    }
}

extension Double {
    func rounded(toPlaces places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (self * scale).rounded() / scale
    }
}
