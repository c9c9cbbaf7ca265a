import Foundation

/// A one-line download bar on stderr (`name [#####.....] 45% 1.2/2.6 MB 3.4 MB/s`), redrawn at most
/// ten times a second and cleared at the end, so it never litters logs.
final class ProgressBar {
    private let label: String
    private let started = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false
    private var received: Int64 = 0
    private var total: Int64?

    init(label: String) {
        self.label = label
    }

    static func make(for url: String, mode: ProgressMode) -> ProgressBar? {
        switch mode {
        case .quiet: return nil
        case .bar: break
        case .auto: guard isatty(STDERR_FILENO) == 1 else { return nil }
        }
        return ProgressBar(label: (url as NSString).lastPathComponent)
    }

    func update(received: Int64, total: Int64?) {
        self.received = received
        self.total = total ?? self.total
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        draw(at: now)
    }

    private func draw(at now: Date) {
        lastDraw = now
        let rate = Double(received) / max(now.timeIntervalSince(started), 0.001)
        var line = "\r\(label) "
        if let total, total > 0 {
            let fraction = min(1, Double(received) / Double(total))
            let filled = Int(fraction * 24)
            line += "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: 24 - filled) + "] "
            line += "\(Int(fraction * 100))% \(Self.megabytes(received))/\(Self.megabytes(total)) MB"
        } else {
            line += "\(Self.megabytes(received)) MB"
        }
        line += " \(Self.megabytes(Int64(rate))) MB/s"
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }

    /// Shows the final state once (so a fast download still reports 100 %), then clears the line.
    func finish() {
        guard received > 0 else { return }
        draw(at: Date())
        FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: 78) + "\r").utf8))
        drawn = false
    }

    private static func megabytes(_ bytes: Int64) -> String {
        String(format: "%.1f", Double(bytes) / 1_048_576)
    }
}
