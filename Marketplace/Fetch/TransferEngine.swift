/// The retry loop around single attempts: backoff between transient failures, resume after the
/// bytes already in the sink, restart when the server cannot continue them, an overall deadline,
/// and the final size and checksum verdict.
struct TransferEngine {
    struct Summary {
        var attempts: Int
        var resumed: Bool
    }

    let options: FetchOptions

    /// Restarts from zero (416, ignored range, changed size) are not failures, but a server that
    /// keeps forcing them is; this bounds them.
    private static let maxRestarts = 3

    func run(url: String, into sink: TransferSink, limits: SizeLimits, expectedSHA256: String?) throws(FetchError) -> Summary {
        let clock = ContinuousClock()
        let deadline = clock.now + options.totalTimeout
        let backoff = Backoff(base: options.backoffBase, cap: options.backoffCap)
        let progress = ProgressBar.make(mode: options.progress, url: url)
        var attempts = 0, failures = 0, restarts = 0
        var knownTotal = limits.expectedSize
        var validator: String?
        var usedChecksumRestart = false
        // Leftover bytes from an interrupted earlier run count as resumed; a complete leftover needs no request.
        var resumed = sink.count > 0
        if sink.count > limits.ceiling { try sink.restart(); resumed = false }
        var complete = sink.count > 0 && sink.count == limits.expectedSize

        do throws(FetchError) {
            while true {
                if !complete {
                    let remaining = deadline - clock.now
                    guard remaining > .zero else { throw FetchError.timeout(url: url, after: options.totalTimeout) }
                    attempts += 1
                    let plan = CurlAttempt.Plan(url: url, options: options, limits: limits, knownTotal: knownTotal,
                                                validator: validator, timeout: remaining)
                    let attempt = CurlAttempt(plan: plan, sink: sink, progress: progress)
                    let startedAt = sink.count
                    let end = attempt.run()
                    if attempt.resumed {
                        resumed = true
                    } else if startedAt == 0 || attempt.replacedSink {
                        // This response (re)started the content: its size and validator are the reference now.
                        resumed = false
                        validator = attempt.headers.validator
                        knownTotal = attempt.announcedTotal ?? limits.expectedSize
                    }
                    switch end {
                    case .completed:
                        complete = true
                    case .restart:
                        restarts += 1
                        guard restarts <= Self.maxRestarts else {
                            throw FetchError.network(url: url, message: "the server cannot serve the rest of the file "
                                                     + "and keeps changing it (\(restarts) restarts)")
                        }
                        try sink.restart()
                        resumed = false
                        validator = nil
                        knownTotal = limits.expectedSize
                    case .retry(let error, let retryAfter):
                        failures += 1
                        guard failures <= options.retries else { throw error }
                        let wait = backoff.delay(afterFailure: failures, retryAfter: retryAfter)
                        guard clock.now + wait < deadline else { throw FetchError.timeout(url: url, after: options.totalTimeout) }
                        progress?.update(bytes: sink.count, total: knownTotal,
                                         note: "retry \(failures)/\(options.retries) after: \(error.shortReason)", force: true)
                        pauseThread(for: wait)
                    case .fail(let error):
                        throw error
                    }
                    continue
                }
                if let refusal = limits.refusal(total: sink.count, isFinal: true) { throw refusal }
                if let expectedSHA256 {
                    let actual = sink.sha256Hex()
                    if actual != expectedSHA256 {
                        // Spliced bytes may come from two versions of the file; one clean download decides.
                        if resumed && !usedChecksumRestart {
                            usedChecksumRestart = true
                            try sink.restart()
                            resumed = false
                            validator = nil
                            knownTotal = limits.expectedSize
                            complete = false
                            continue
                        }
                        throw FetchError.checksumMismatch(url: url, expected: expectedSHA256, got: actual)
                    }
                }
                progress?.finish(bytes: sink.count, total: sink.count)
                return Summary(attempts: attempts, resumed: resumed)
            }
        } catch {
            progress?.finish(bytes: sink.count, total: knownTotal, note: "failed")
            throw error
        }
    }
}

extension FetchError {
    /// A few words for the progress line.
    var shortReason: String {
        switch self {
        case .http(let status, _): return "HTTP \(status)"
        case .network(_, let message): return message
        case .stalled: return "stalled"
        case .timeout: return "timed out"
        default: return description
        }
    }
}
