import Foundation
import Synchronization

/// Writes protocol lines to stdout, one `write` per line and never buffered: the parent must
/// have every line written before the plugin crashed the process.
final class ChildEmitter: Sendable {
    /// The lock keeps lines from concurrent threads whole; the encoder is not thread-safe either.
    private let encoder = Mutex<JSONEncoder>({
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }())

    private let output: FileHandle

    init(output: FileHandle) {
        self.output = output
    }

    func send(_ line: ChildLine) {
        encoder.withLock { encoder in
            guard let data = try? encoder.encode(line) else { return }
            output.write(data + Data("\n".utf8))
        }
    }

    func stage(_ stage: String, input: String? = nil) {
        send(ChildLine(stage: stage, input: input))
    }

    func fuzzIndex(_ index: Int) {
        send(ChildLine(fuzzIndex: index))
    }
}
