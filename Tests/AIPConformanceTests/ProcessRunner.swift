import Foundation

struct ProcessResult {
    let status: Int32
    let output: String
    let errorOutput: String
}

/// Runs a program to completion in `directory`, capturing stdout and stderr (each drained on its
/// own thread, so a chatty child never blocks on a full pipe).
func runProcess(_ executable: String, _ arguments: [String], in directory: String? = nil,
                environment: [String: String]? = nil) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    if let environment { process.environment = environment }
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let errorText = PipeReader(errors.fileHandleForReading)
    let outputText = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus, output: String(decoding: outputText, as: UTF8.self),
                         errorOutput: String(decoding: errorText.finish(), as: UTF8.self))
}

private final class PipeReader: @unchecked Sendable {
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
