import Foundation

/// The child side of `aip plugin test`: runs one check on one plugin in this process and
/// reports it on the protocol stream (see `ChildLine`). If the plugin crashes or hangs, this
/// process dies with it and the parent reports what it was doing from the lines already sent.
public enum ConformanceChild {
    public static func run(_ request: ChildRequest) {
        disableCoreDumps()
        let emitter = ChildEmitter(output: takeOverStandardOutput())
        var observations: Observations?
        let result: CheckResult
        switch request.check {
        case .descriptor:
            result = DescriptorCheck.run(request, emitter: emitter)
        case .manifest:
            result = ManifestCheck.run(request, emitter: emitter)
        case .lifecycle:
            let (verdict, recorders) = LifecycleCheck.run(request, emitter: emitter)
            result = verdict
            observations = Observations.merged(recorders.map(\.observations))
        case .call:
            (result, observations) = WellFormedCallCheck.run(request, emitter: emitter)
        case .fuzz:
            (result, observations) = FuzzCheck.run(request, emitter: emitter)
        case .concurrency:
            (result, observations) = ConcurrencyCheck.run(request, emitter: emitter)
        case .latency, .events:
            result = .failed(request.check, request.capability, "\(request.check.rawValue) is judged from the other checks and has no child process")
        }
        if let observations { emitter.send(ChildLine(observations: observations)) }
        emitter.send(ChildLine(result: result))
    }

    /// A crashing plugin must not leave a core file in the directory the suite ran from (or
    /// anywhere: the hard limit goes to 0 too, so the plugin cannot raise it again).
    private static func disableCoreDumps() {
        var none = rlimit(rlim_cur: 0, rlim_max: 0)
        _ = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &none)
    }

    /// Keeps the real stdout for the protocol and points file descriptor 1 at stderr, so a
    /// plugin that prints (printf, print) cannot garble the protocol lines.
    private static func takeOverStandardOutput() -> FileHandle {
        let protocolDescriptor = dup(STDOUT_FILENO)
        guard protocolDescriptor >= 0 else { return FileHandle.standardOutput }
        // Processes the plugin may start must not inherit the protocol stream.
        _ = fcntl(protocolDescriptor, F_SETFD, FD_CLOEXEC)
        _ = dup2(STDERR_FILENO, STDOUT_FILENO)
        return FileHandle(fileDescriptor: protocolDescriptor, closeOnDealloc: false)
    }
}
