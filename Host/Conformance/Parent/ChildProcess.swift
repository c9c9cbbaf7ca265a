import Foundation
import Synchronization

/// What one child process left behind: its protocol lines, how it ended, the tail of its stderr.
struct ChildRun: Sendable {
    enum Ending: Sendable, Equatable {
        case exited(Int32)
        case signalled(Int32)
        case hung(seconds: Int)
        case couldNotStart(String)
    }

    var lines: [ChildLine]
    var ending: Ending
    /// The last lines the child (or the plugin) wrote to stderr: a Swift trap's message lands here.
    var standardErrorTail: [String]
    var milliseconds: Int
}

/// Runs `aip plugin test-child …` the way PluginProber runs its probe: a child that crashes or
/// hangs costs one report line, never the runner.
enum ChildProcess {
    static let standardErrorLinesKept = 6

    static func run(executable: String, arguments: [String], workingDirectory: String, timeoutSeconds: Int) -> ChildRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        // Whatever the plugin writes relative to its working directory stays in the run's scratch space.
        process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory)
        // The child is a Swift program: without this, a plugin's crash makes the Swift runtime
        // spend a second symbolicating `aip` itself and bury the plugin's last words under it.
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let clock = ContinuousClock()
        let started = clock.now
        do { try process.run() } catch {
            return ChildRun(lines: [], ending: .couldNotStart("cannot start \(executable): \(error.localizedDescription)"),
                            standardErrorTail: [], milliseconds: 0)
        }
        let stdout = StreamDrain(output.fileHandleForReading)
        let stderr = StreamDrain(errors.fileHandleForReading)
        let deadline = started + .seconds(timeoutSeconds)
        // The protocol stream ends when the child exits; a plugin that closed it (or a child
        // that lingers after closing it) is still held to the deadline.
        _ = stdout.waitForEnd(seconds: Milliseconds.of(deadline - clock.now) / 1000)
        while process.isRunning && clock.now < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        let ending: ChildRun.Ending
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            ending = .hung(seconds: timeoutSeconds)
        } else {
            process.waitUntilExit()
            ending = process.terminationReason == .uncaughtSignal ? .signalled(process.terminationStatus) : .exited(process.terminationStatus)
        }
        // A process the plugin started may hold the pipes open after the child died: take what
        // has arrived rather than wait for an end that may never come.
        _ = stdout.waitForEnd(seconds: 2)
        _ = stderr.waitForEnd(seconds: 2)
        let lines = stdout.collected.split(separator: UInt8(ascii: "\n")).compactMap { line in
            try? JSONDecoder().decode(ChildLine.self, from: Data(line))
        }
        let errorLines = String(decoding: stderr.collected, as: UTF8.self).split(separator: "\n").map(String.init)
        return ChildRun(lines: lines, ending: ending, standardErrorTail: Array(errorLines.suffix(standardErrorLinesKept)),
                        milliseconds: Int(Milliseconds.of(clock.now - started).rounded()))
    }
}

/// Reads a pipe to its end on a thread of its own, so a chatty child never blocks on a full pipe
/// and the parent can stop waiting at any moment with what has arrived so far.
private final class StreamDrain: Sendable {
    private let data = Mutex(Data())
    private let ended = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                data.withLock { $0.append(chunk) }
            }
            ended.signal()
        }.start()
    }

    /// True when the stream ended within `seconds`.
    func waitForEnd(seconds: Double) -> Bool {
        guard ended.wait(timeout: .now() + seconds) == .success else { return false }
        ended.signal() // stays ended for later waits
        return true
    }

    var collected: Data { data.withLock { $0 } }
}
