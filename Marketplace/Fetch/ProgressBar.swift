#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One redrawn line on standard error: name, bar, percent, bytes, rate. Drawn at most ten times a second.
final class ProgressBar {
    private let label: String
    private let output: Int32
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private var lastDraw: ContinuousClock.Instant?
    private var firstBytes: Int64?

    /// nil when the mode (or, for `.auto`, a non-terminal standard error) says to stay quiet.
    static func make(mode: ProgressMode, url: String, output: Int32 = STDERR_FILENO) -> ProgressBar? {
        switch mode {
        case .quiet: return nil
        case .auto where isatty(output) == 0: return nil
        case .auto, .bar: return ProgressBar(label: ProgressLine.label(forURL: url), output: output)
        }
    }

    init(label: String, output: Int32) {
        self.label = label
        self.output = output
        started = clock.now
    }

    func update(bytes: Int64, total: Int64?, note: String? = nil, force: Bool = false) {
        let now = clock.now
        if firstBytes == nil { firstBytes = bytes }
        if !force, let lastDraw, now - lastDraw < .milliseconds(100) { return }
        lastDraw = now
        let elapsed = (now - started).secondsValue
        let rate = elapsed > 0.05 ? Double(bytes - (firstBytes ?? 0)) / elapsed : nil
        draw("\r" + ProgressLine.render(label: label, bytes: bytes, total: total, bytesPerSecond: rate, note: note)
            + "\u{1B}[K")
    }

    /// The last state, then a newline so what follows starts on a fresh line.
    func finish(bytes: Int64, total: Int64?, note: String? = nil) {
        update(bytes: bytes, total: total, note: note, force: true)
        draw("\n")
    }

    private func draw(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { write(output, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }
}

/// The text of a progress line, separate from the terminal so it can be tested.
enum ProgressLine {
    static let barWidth = 24

    static func render(label: String, bytes: Int64, total: Int64?, bytesPerSecond: Double?, note: String?) -> String {
        var parts = [label]
        if let total, total > 0 {
            let fraction = min(max(Double(bytes) / Double(total), 0), 1)
            let filled = Int(fraction * Double(barWidth))
            parts.append("[" + String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled) + "]")
            parts.append(String(Int(fraction * 100)).leftPadded(to: 3) + "%")
            parts.append(size(bytes) + " / " + size(total))
        } else {
            parts.append(size(bytes))
        }
        if let bytesPerSecond { parts.append(size(Int64(bytesPerSecond)) + "/s") }
        if let note { parts.append(note) }
        return parts.joined(separator: "  ")
    }

    /// 1023 B, 1.5 KiB, 12.3 MiB, 4.0 GiB.
    static func size(_ bytes: Int64) -> String {
        let units = ["KiB", "MiB", "GiB", "TiB"]
        guard bytes >= 1024 else { return "\(bytes) B" }
        var value = Double(bytes) / 1024
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }

    static func label(forURL url: String) -> String {
        let path = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
        let name = path.split(separator: "/").last.map(String.init) ?? url
        return name.count > 32 ? String(name.prefix(31)) + "…" : name
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
