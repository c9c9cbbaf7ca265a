import AIPConfig
@testable import GatewayCore
import Synchronization
import XCTest

final class CacheAndConfigTests: XCTestCase {
    func testCacheHitsMissesTTLAndKeyNormalisation() {
        let now = Mutex<Int64>(0)
        let metrics = GatewayMetrics()
        let cache = ResponseCache(ttlMs: 1_000, maxEntries: 2, metrics: metrics, clock: { now.withLock { $0 } })
        let body: [String: JSONValue] = ["messages": .array([.object(["role": "user", "content": "hi"])]), "user": "ada"]
        let key = ResponseCache.key(model: "m", body: body)
        var other = body
        other["user"] = "bob"
        XCTAssertEqual(key, ResponseCache.key(model: "m", body: other), "the user does not change the answer")
        other["temperature"] = 0.5
        XCTAssertNotEqual(key, ResponseCache.key(model: "m", body: other))
        XCTAssertNotEqual(key, ResponseCache.key(model: "n", body: body))
        XCTAssertNil(cache.lookup(key))
        cache.store(key, "answer")
        XCTAssertEqual(cache.lookup(key), "answer")
        now.withLock { $0 = 1_001 }
        XCTAssertNil(cache.lookup(key), "expired")
        XCTAssertEqual(metrics.value("cache_hits"), 1)
        XCTAssertEqual(metrics.value("cache_misses"), 2)
        cache.store("a", "1")
        cache.store("b", "2")
        cache.store("c", "3")
        XCTAssertEqual(cache.count, 2)
        XCTAssertNil(cache.lookup("a"), "the oldest entry went first")
    }

    func testConfigurationReadsModelsAndNamesBadFields() throws {
        let config = try GatewayConfiguration(json: try JSONParser.parse(#"""
            {"listen": {"port": 0}, "retries": 3, "cache": {"enabled": true, "ttl_seconds": 60},
             "models": [{"name": "chat", "strategy": "least-busy", "fallbacks": ["backup"], "rpm": 10,
                         "deployments": [{"provider": "openai", "model": "gpt-4o-mini", "api_key_env": "TEST_GATEWAY_KEY", "weight": 2}]},
                        {"name": "backup", "deployments": [{"provider": "anthropic", "model": "claude", "api_key": "k"}]}]}
            """#), environment: ["TEST_GATEWAY_KEY": "sk-from-env"])
        XCTAssertEqual(config.listenPort, 0)
        XCTAssertEqual(config.listenMaxConnections, 1024)
        XCTAssertEqual(config.policy.retries, 3)
        XCTAssertTrue(config.cacheEnabled)
        XCTAssertEqual(config.groups.map(\.name), ["chat", "backup"])
        XCTAssertEqual(config.groups[0].strategy, .leastBusy)
        XCTAssertEqual(config.groups[0].deployments[0].apiKey, "sk-from-env")
        XCTAssertEqual(config.groups[0].deployments[0].baseURL, "https://api.openai.com/v1")
        XCTAssertEqual(config.groups[1].deployments[0].baseURL, "https://api.anthropic.com/v1")

        func problem(_ text: String) -> String {
            do { _ = try GatewayConfiguration(json: try JSONParser.parse(text), environment: [:]); return "" } catch { return "\(error)" }
        }
        XCTAssertTrue(problem(#"{"models": [{"name": "a", "fallbacks": ["zzz"], "deployments": [{"model": "m"}]}]}"#)
            .hasPrefix("gateway.models[0].fallbacks: model 'a' falls back to 'zzz'"))
        XCTAssertTrue(problem(#"{"models": [{"name": "a", "deployments": [{"model": "m"}]}, {"name": "a", "deployments": [{"model": "m"}]}]}"#)
            .hasPrefix("gateway.models[1].name"))
        XCTAssertTrue(problem(#"{"models": [{"name": "a", "deployments": [{"provider": "azure", "model": "m"}]}]}"#)
            .hasPrefix("gateway.models[0].deployments[0].base_url"))
        XCTAssertTrue(problem(#"{"models": [{"name": "a", "deployments": [{"model": "m", "api_key_env": "NOPE"}]}]}"#)
            .contains("NOPE is not set"))
        XCTAssertTrue(problem(#"{"models": [{"name": "a", "strategy": "random", "deployments": [{"model": "m"}]}]}"#)
            .hasPrefix("gateway.models[0].strategy"))
        XCTAssertTrue(problem(#"{"retries": 99}"#).hasPrefix("gateway.retries"))
        XCTAssertTrue(problem(#"{"listen": {"port": 0, "max_connections": 0}}"#).hasPrefix("gateway.listen.max_connections"))
    }
}
