import Foundation

extension GatewayEngine {
    /// Tries the request's model, then its fallbacks: each model's deployments in the router's
    /// order, retrying server errors and time-outs with backoff, moving past rate-limited
    /// deployments at once, and going to the context-window fallbacks when the prompt does not fit.
    func execute<T>(_ prepared: Prepared, _ perform: (Deployment) -> Result<T, UpstreamFailure>) throws(GatewayError) -> (T, Deployment) {
        var queue = [prepared.group.name]
        var visited = Set<String>()
        var lastFailure: UpstreamFailure?
        var position = 0
        let policy = router.policy
        while position < queue.count {
            let name = queue[position]
            position += 1
            guard visited.insert(name).inserted, let group = router.group(name) else { continue }
            if position > 1 { metrics.add("fallbacks") }
            let candidates = router.order(group)
            var overflow = false
            var excluded = Set<String>()
            var attempts = 0
            var tried = Set<String>()
            attempting: while attempts <= policy.retries {
                guard let deployment = candidates.first(where: { !excluded.contains($0.id) && !tried.contains($0.id) })
                        ?? candidates.first(where: { !excluded.contains($0.id) }) else { break }
                if let window = deployment.contextWindow, prepared.estimatedInputTokens > window {
                    excluded.insert(deployment.id)
                    overflow = true
                    lastFailure = UpstreamFailure(kind: .contextWindowExceeded, status: 400,
                                                  message: "the prompt (about \(prepared.estimatedInputTokens) tokens) exceeds the \(window)-token window of deployment \(deployment.id)")
                    continue
                }
                let now = Int64(Date().timeIntervalSince1970)
                if case .limited(let reason, let retry) = limiter.admit(key: "deployment:\(deployment.id)", rpm: deployment.rpm, tpm: deployment.tpm,
                                                                       tokens: prepared.estimatedInputTokens, now: now) {
                    excluded.insert(deployment.id)
                    lastFailure = UpstreamFailure(kind: .rateLimited, status: 429, message: reason, retryAfterSeconds: Double(retry))
                    continue
                }
                attempts += 1
                if tried.contains(deployment.id) {
                    metrics.add("retries")
                    let wait = policy.backoffMs(attempt: attempts - 1, retryAfterSeconds: lastFailure?.retryAfterSeconds)
                    Thread.sleep(forTimeInterval: Double(wait) / 1000)
                } else if attempts > 1 {
                    metrics.add("retries")
                }
                tried.insert(deployment.id)
                router.begin(deployment)
                let start = Date()
                let result = perform(deployment)
                switch result {
                case .success(let value):
                    router.end(deployment, .success(latencyMs: Date().timeIntervalSince(start) * 1000))
                    return (value, deployment)
                case .failure(let failure):
                    router.end(deployment, .failure(failure))
                    metrics.add("upstream_failures_\(failure.kind)")
                    if failure.status == 499 { throw GatewayError(status: 499, type: "client_closed", message: failure.message) }
                    lastFailure = failure
                    switch failure.kind {
                    case .clientError: throw failure.gatewayError
                    case .contextWindowExceeded:
                        overflow = true
                        break attempting
                    case .rateLimited:
                        excluded.insert(deployment.id)
                    case .serverError, .timeout:
                        continue
                    }
                }
            }
            queue += overflow ? group.contextWindowFallbacks : group.fallbacks
        }
        throw lastFailure?.gatewayError ?? .upstream("no deployment of model '\(prepared.group.name)' could be tried", status: 503)
    }
}
