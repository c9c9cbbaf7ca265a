import Foundation

/// Durations as the report shows them.
enum Milliseconds {
    static func of(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    /// "0.4 ms", "12 ms", "3.2 s".
    static func text(_ duration: Duration) -> String {
        text(of(duration))
    }

    static func text(_ milliseconds: Double) -> String {
        if milliseconds < 10 { return String(format: "%.1f ms", milliseconds) }
        if milliseconds < 10_000 { return "\(Int(milliseconds.rounded())) ms" }
        return String(format: "%.1f s", milliseconds / 1000)
    }
}
