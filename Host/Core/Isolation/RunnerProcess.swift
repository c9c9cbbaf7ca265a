import Foundation

/// A runner child process, spawned with its sockets as fd 3, 4, … and tracked by a pidfd:
/// signals go through the pidfd, so a PID the kernel reused after the runner died is never hit.
/// The process is reaped exactly once, by `waitForExit`.
public final class RunnerProcess: @unchecked Sendable {
    public let pid: pid_t
    private let pidfd: Int32
    private let exitLock = NSLock()
    private var exit: Exit?

    /// How a runner ended.
    public enum Exit: Sendable, Equatable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)

        public var description: String {
            switch self {
            case .exited(let status): return "exited with status \(status)"
            case .signalled(let signal): return "killed by \(PluginProber.signalName(signal))"
            }
        }
    }

    private init(pid: pid_t, pidfd: Int32) {
        self.pid = pid
        self.pidfd = pidfd
    }

    // Closed only here: a pidfd stays pollable (readable) after the process is reaped, so
    // `stop` may poll it while another thread reaps.
    deinit { close(pidfd) }

    /// Starts `executable` with `arguments`; the child's fd 3, 4, … are `childSockets` in order.
    /// Signal dispositions and the mask are reset so the daemon's own handling (SIGTERM, SIGHUP) is
    /// not inherited.
    public static func spawn(executable: String, arguments: [String], childSockets: [Int32]) throws(RunnerProtocolError) -> RunnerProcess {
        // The parent-death signal fires when the *thread* that spawned the child ends, so every
        // runner is spawned from one thread that lives as long as the daemon.
        let result = SpawnerThread.shared.run { () -> Result<RunnerProcess, RunnerProtocolError> in
            Result { () throws(RunnerProtocolError) in try spawnHere(executable: executable, arguments: arguments, childSockets: childSockets) }
        }
        return try result.get()
    }

    private static func spawnHere(executable: String, arguments: [String], childSockets: [Int32]) throws(RunnerProtocolError) -> RunnerProcess {
        guard let pidfdOpen = PidfdCalls.open else {
            throw RunnerProtocolError("this C library has no pidfd_open (glibc 2.36 or later is needed for process isolation)")
        }
        // A source descriptor among the targets (3, 4, …) would be overwritten by an earlier dup2:
        // such ones are first copied above the targets.
        let targets = 3..<(3 + Int32(childSockets.count))
        let sources = childSockets.map { fd in targets.contains(fd) ? fcntl(fd, F_DUPFD_CLOEXEC, 3 + Int32(childSockets.count)) : fd }
        defer { for (original, source) in zip(childSockets, sources) where source != original { close(source) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (offset, source) in sources.enumerated() {
            posix_spawn_file_actions_adddup2(&actions, source, targets.lowerBound + Int32(offset))
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard status == 0 else {
            throw RunnerProtocolError("cannot start \(executable): \(String(cString: strerror(status)))")
        }
        // Safe against PID reuse: the child is ours and unreaped, so its PID cannot be recycled yet.
        let pidfd = pidfdOpen(pid, 0)
        guard pidfd >= 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.kill(pid, SIGKILL)
            var ignored: Int32 = 0
            waitpid(pid, &ignored, 0)
            throw RunnerProtocolError("pidfd_open failed for runner \(pid): \(reason)")
        }
        _ = fcntl(pidfd, F_SETFD, FD_CLOEXEC)
        return RunnerProcess(pid: pid, pidfd: pidfd)
    }

    /// Sends `signal` through the pidfd; a runner that already ended is left alone.
    public func signal(_ signal: Int32) {
        _ = PidfdCalls.sendSignal?(pidfd, signal, nil, 0)
    }

    /// Blocks until the runner ends and reaps it; later calls return the same answer.
    @discardableResult
    public func waitForExit() -> Exit {
        exitLock.lock()
        defer { exitLock.unlock() }
        if let exit { return exit }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7f
        let result: Exit = signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
        exit = result
        return result
    }

    /// Waits up to `timeout` for the runner to end by itself (polling the pidfd), else kills it.
    public func stop(within timeout: Duration) -> Exit {
        var poller = pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        if poll(&poller, 1, max(milliseconds, 0)) == 0 { signal(SIGKILL) }
        return waitForExit()
    }
}

/// pidfd_open and pidfd_send_signal, looked up at run time (glibc 2.36+ exports them; Swift's
/// Glibc module does not import <sys/pidfd.h>).
enum PidfdCalls {
    typealias Open = @convention(c) (pid_t, UInt32) -> Int32
    typealias SendSignal = @convention(c) (Int32, Int32, UnsafeMutableRawPointer?, UInt32) -> Int32

    static let open: Open? = dlsym(nil, "pidfd_open").map { unsafeBitCast($0, to: Open.self) }
    static let sendSignal: SendSignal? = dlsym(nil, "pidfd_send_signal").map { unsafeBitCast($0, to: SendSignal.self) }
}

/// A thread that never ends, on which runners are spawned (see `RunnerProcess.spawn`).
final class SpawnerThread: @unchecked Sendable {
    static let shared = SpawnerThread()
    private let condition = NSCondition()
    private var work: [() -> Void] = []

    private init() {
        let thread = Thread { [self] in loop() }
        thread.name = "aip-runner-spawner"
        thread.start()
    }

    private func loop() -> Never {
        while true {
            condition.lock()
            while work.isEmpty { condition.wait() }
            let next = work.removeFirst()
            condition.unlock()
            next()
        }
    }

    /// Runs `body` on the spawner thread and waits for its result.
    func run<T>(_ body: @escaping () -> T) -> T {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: T?
        condition.lock()
        work.append {
            result = body()
            done.signal()
        }
        condition.signal()
        condition.unlock()
        done.wait()
        return result!
    }
}
