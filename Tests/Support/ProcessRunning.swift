import Foundation

/// What a finished child process printed and how it ended.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let output: String
    public let errorOutput: String
}

/// Runs a program to completion, capturing stdout and stderr (stderr drained on its own thread so
/// a chatty child never blocks on a full pipe). Shared by every test target that drives `aip`,
/// `cc`, `make` or `tar`.
@discardableResult
public func runProcess(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                       input: String? = nil, currentDirectory: String? = nil) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardOutput = stdout
    process.standardError = stderr
    let stdin = Pipe()
    process.standardInput = input == nil ? FileHandle.nullDevice : stdin
    try process.run()
    if let input {
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try? stdin.fileHandleForWriting.close()
    }
    let errorReader = PipeDrain(stderr.fileHandleForReading)
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
                         errorOutput: String(decoding: errorReader.finish(), as: UTF8.self))
}

/// Reads a pipe to its end on a background thread.
final class PipeDrain: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread {
            self.data = handle.readDataToEndOfFile()
            self.done.signal()
        }.start()
    }

    func finish() -> Data {
        done.wait()
        return data
    }
}

/// A fresh directory per test, removed when the test lets go of it.
public final class TemporaryDirectory {
    public let path: String

    public init() throws {
        path = NSTemporaryDirectory() + "aip-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
