import Foundation
import PluginTestKit
import XCTest

final class PromptPluginTests: XCTestCase {
    private let greeting = #"{"name": "greeting", "description": "Greets", "tags": {"team": "web"}, "template": "Hello {{name}} from {{place}}", "variables": [{"name": "place", "default": "Paris"}], "model_parameters": {"model": "gpt-4o-mini", "temperature": 0.3}, "commit_message": "first"}"#

    func testCreateVersionGetListSearchAndTheirEvents() throws {
        let prompt = try PromptHost()
        let created = try prompt.call("prompt.create", greeting)
        XCTAssertEqual(created["version"] as? Int, 1)
        XCTAssertEqual(created["author"] as? String, "test", "the caller (PluginTestKit calls as \"test\") is the default author")
        let second = try prompt.call("prompt.version.create", #"{"name": "greeting", "template": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi {{name}}"}], "commit_message": "chat now", "tags": {"reviewed": "yes"}, "parent_version": 1}"#)
        XCTAssertEqual(second["version"] as? Int, 2)
        XCTAssertEqual(second["kind"] as? String, "chat")

        let got = try prompt.call("prompt.get", #"{"name": "greeting", "version": 1, "history": true}"#)
        let version = try XCTUnwrap(got["version"] as? [String: Any])
        XCTAssertEqual(version["template"] as? String, "Hello {{name}} from {{place}}")
        XCTAssertEqual((version["model_parameters"] as? [String: Any])?["model"] as? String, "gpt-4o-mini")
        XCTAssertEqual((version["variables"] as? [[String: Any]])?.map { $0["required"] as? Bool }, [true, false])
        XCTAssertEqual((got["prompt"] as? [String: Any])?["latest_version"] as? Int, 2)
        XCTAssertEqual((got["history"] as? [[String: Any]])?.map { $0["commit_message"] as? String }, ["first", "chat now"])

        let list = try prompt.call("prompt.list", #"{"tags": {"team": "web"}}"#)
        XCTAssertEqual(list["total"] as? Int, 1)
        let hits = try XCTUnwrap(try prompt.call("prompt.search", #"{"query": "brief"}"#)["hits"] as? [[String: Any]])
        XCTAssertEqual(hits.map { $0["matched"] as? [String] }, [["template"]])

        let createdEvent = try XCTUnwrap(try prompt.eventPayloads("prompt.created").first)
        XCTAssertEqual(createdEvent["name"] as? String, "greeting")
        XCTAssertEqual(createdEvent["version"] as? Int, 1)
        XCTAssertEqual(try prompt.eventPayloads("prompt.version.created").map { $0["version"] as? Int }, [2])
        XCTAssertEqual(try prompt.host.events(matching: "prompt.#").map(\.source), ["prompt", "prompt"])
    }

    func testBadInputIsAClearErrorAndWritesNothing() throws {
        let prompt = try PromptHost()
        var failure = try prompt.failure("prompt.create", #"{"name": "broken", "template": "Hi {{name"}"#)
        XCTAssertEqual(failure.status, .invalidArgument)
        XCTAssertTrue(failure.message.contains("template: line 1, column 4: unclosed '{{'"), failure.message)
        failure = try prompt.failure("prompt.get", #"{"name": "broken"}"#)
        XCTAssertEqual(failure.status, .notFound)

        try prompt.call("prompt.create", greeting)
        failure = try prompt.failure("prompt.get", #"{"name": "greeting", "version": 4}"#)
        XCTAssertEqual(failure.status, .notFound)
        XCTAssertTrue(failure.message.contains("'greeting' has no version 4"), failure.message)
        failure = try prompt.failure("prompt.render", #"{"name": "greeting", "version": 4, "variables": {}}"#)
        XCTAssertEqual(failure.status, .notFound)
        failure = try prompt.failure("prompt.version.create", #"{"name": "greeting", "template": "x", "parent_version": 0}"#)
        XCTAssertEqual(failure.status, .conflict)
        failure = try prompt.failure("prompt.create", #"{"name": "t", "template": "x", "model_parameters": {"temperature": 9}}"#)
        XCTAssertTrue(failure.message.contains("model_parameters.temperature"), failure.message)
        failure = try prompt.failure("prompt.create", #"{"name": "t"}"#)
        XCTAssertEqual(failure.status, .invalidArgument)
        XCTAssertTrue(failure.message.contains("template"), failure.message)
        failure = try prompt.failure("prompt.render", "not json")
        XCTAssertEqual(failure.status, .invalidArgument)
        XCTAssertEqual(try prompt.call("prompt.list", "{}")["total"] as? Int, 1)
    }

    func testRenderFillsVariablesAndListsMissingAndUnknownOnes() throws {
        let prompt = try PromptHost()
        try prompt.call("prompt.create", greeting)
        let rendered = try prompt.call("prompt.render", #"{"name": "greeting", "variables": {"name": "Ada"}}"#)
        XCTAssertEqual(rendered["text"] as? String, "Hello Ada from Paris")
        XCTAssertEqual(rendered["version"] as? Int, 1)
        XCTAssertEqual(rendered["kind"] as? String, "text")
        XCTAssertEqual((rendered["model_parameters"] as? [String: Any])?["temperature"] as? Double, 0.3)
        let typed = try prompt.call("prompt.render", #"{"name": "greeting", "version": 1, "variables": {"name": 42, "place": null}}"#)
        XCTAssertEqual(typed["text"] as? String, "Hello 42 from Paris")
        let failure = try prompt.failure("prompt.render", #"{"name": "greeting", "variables": {"nmae": "Ada", "extra": true}}"#)
        XCTAssertEqual(failure.status, .invalidArgument)
        XCTAssertTrue(failure.message.contains("missing required variables: name"), failure.message)
        XCTAssertTrue(failure.message.contains("unknown variables: extra, nmae"), failure.message)
        let both = try prompt.failure("prompt.render", #"{"name": "greeting", "version": 1, "alias": "production"}"#)
        XCTAssertTrue(both.message.contains("either version or alias"), both.message)
    }

    /// Requests of every shape reach the same answer, whether the fast reader takes them or
    /// Codable does (other value types, unknown fields, odd spacing), and malformed ones fail.
    func testRenderRequestsOfEveryShape() throws {
        let prompt = try PromptHost()
        try prompt.call("prompt.create", #"{"name": "echo", "template": [{"role": "user", "content": "[{{a}}|{{b}}]"}], "variables": [{"name": "b", "default": "B"}]}"#)
        let cases: [(String, String)] = [
            (#"{"name":"echo","variables":{"a":"x"}}"#, "[x|B]"),
            (" {\n \"variables\" : { \"a\" : \"x\" , \"b\" : null } ,\t\"name\" : \"echo\" , \"version\" : 1 } ", "[x|B]"),
            (#"{"name":"echo","variables":{"a":"q\"uote\\ \n\t\/ \u00e9 \ud83d\ude00 中文"}}"#, "[q\"uote\\ \n\t/ é 😀 中文|B]"),
            (#"{"name":"echo","alias":"latest","key":"k","variables":{"a":7,"b":true}}"#, "[7|true]"),
            (#"{"name":"echo","variables":{"a":["l",1],"b":{"k":null}}}"#, #"[["l",1]|{"k":null}]"#),
            (#"{"name":"echo","variables":{"a":""},"comment":"ignored by Codable"}"#, "[|B]"),
        ]
        for (body, expected) in cases {
            let reply = try prompt.call("prompt.render", body)
            let content = (reply["messages"] as? [[String: Any]])?.first?["content"] as? String
            XCTAssertEqual(content, expected, body)
            XCTAssertEqual(reply["version"] as? Int, 1, body)
        }
        for body in [#"{"name":"echo","variables":{"a":"x"}"#, #"{"name":"echo","variables":{"a":"\q"}}"#, #"{"name":"echo","version":1.5}"#,
                     "", "[]", #"{"name":"echo","variables":{"a":"\ud800"}}"#] {
            let failure = try prompt.failure("prompt.render", body)
            XCTAssertEqual(failure.status, .invalidArgument, "\(body): \(failure.message)")
        }
    }

    func testAliasesMoveRollBackAndPublishEachMove() throws {
        let prompt = try PromptHost()
        try prompt.call("prompt.create", greeting)
        try prompt.call("prompt.version.create", #"{"name": "greeting", "template": "Bonjour {{name}}"}"#)
        try prompt.call("prompt.alias.set", #"{"name": "greeting", "alias": "production", "version": 1, "note": "launch"}"#)
        let moved = try prompt.call("prompt.alias.set", #"{"name": "greeting", "alias": "production", "version": 2, "expected_version": 1}"#)
        XCTAssertEqual(((moved["move"] as? [String: Any])?["from"] as? [[String: Any]])?.first?["version"] as? Int, 1)
        XCTAssertEqual(try prompt.call("prompt.render", #"{"name": "greeting", "alias": "production", "variables": {"name": "Ada"}}"#)["text"] as? String,
                       "Bonjour Ada")
        let conflict = try prompt.failure("prompt.alias.set", #"{"name": "greeting", "alias": "production", "version": 1, "expected_version": 1}"#)
        XCTAssertEqual(conflict.status, .conflict)
        let rollback = try prompt.call("prompt.alias.set", #"{"name": "greeting", "alias": "production", "rollback": true}"#)
        XCTAssertNotNil((rollback["move"] as? [String: Any])?["rollback_of"] as? Int)
        XCTAssertEqual(try prompt.call("prompt.render", #"{"name": "greeting", "alias": "production", "variables": {"name": "Ada"}}"#)["text"] as? String,
                       "Hello Ada from Paris")
        let missing = try prompt.failure("prompt.alias.set", #"{"name": "greeting", "alias": "staging", "version": 9}"#)
        XCTAssertEqual(missing.status, .notFound)
        let neither = try prompt.failure("prompt.alias.set", #"{"name": "greeting", "alias": "staging"}"#)
        XCTAssertTrue(neither.message.contains("exactly one of"), neither.message)

        let events = try prompt.eventPayloads("prompt.alias.moved")
        XCTAssertEqual(events.count, 3)
        XCTAssertEqual(events.map { ($0["to"] as? [[String: Any]])?.first?["version"] as? Int }, [1, 2, 1])
        XCTAssertEqual(events.first?["actor"] as? String, "test")
        let history = try XCTUnwrap(try prompt.call("prompt.get", #"{"name": "greeting", "alias": "production", "history": true}"#)["alias_moves"] as? [[String: Any]])
        XCTAssertEqual(history.map { $0["note"] as? String }, ["launch", nil, "rollback of move 2"])
    }

    func testABPickIsStickyAndRenderFollowsIt() throws {
        let prompt = try PromptHost()
        try prompt.call("prompt.create", greeting)
        try prompt.call("prompt.version.create", #"{"name": "greeting", "template": "Bonjour {{name}}"}"#)
        try prompt.call("prompt.alias.set", #"{"name": "greeting", "alias": "production", "variants": [{"version": 1, "weight": 50}, {"version": 2, "weight": 50}]}"#)
        var seen: Set<Int> = []
        for user in 0..<40 {
            let pick = try prompt.call("prompt.ab.pick", #"{"name": "greeting", "alias": "production", "key": "user-\#(user)"}"#)
            let version = try XCTUnwrap(pick["version"] as? Int)
            seen.insert(version)
            XCTAssertEqual(try prompt.call("prompt.ab.pick", #"{"name": "greeting", "alias": "production", "key": "user-\#(user)"}"#)["version"] as? Int, version)
            let rendered = try prompt.call("prompt.render", #"{"name": "greeting", "alias": "production", "key": "user-\#(user)", "variables": {"name": "A"}}"#)
            XCTAssertEqual(rendered["version"] as? Int, version)
        }
        XCTAssertEqual(seen, [1, 2])
        let noKey = try prompt.failure("prompt.render", #"{"name": "greeting", "alias": "production", "variables": {"name": "A"}}"#)
        XCTAssertTrue(noKey.message.contains("caller key"), noKey.message)
    }

    func testDiffBetweenVersionsAndAliases() throws {
        let prompt = try PromptHost()
        try prompt.call("prompt.create", greeting)
        try prompt.call("prompt.version.create", #"{"name": "greeting", "template": "Hello {{name}}", "model_parameters": {"model": "gpt-4o"}}"#)
        try prompt.call("prompt.alias.set", #"{"name": "greeting", "alias": "production", "version": 1}"#)
        let diff = try prompt.call("prompt.diff", #"{"name": "greeting", "from": "production", "to": 2}"#)
        XCTAssertEqual(diff["from"] as? Int, 1)
        XCTAssertEqual(diff["to"] as? Int, 2)
        XCTAssertEqual(diff["identical"] as? Bool, false)
        XCTAssertTrue((diff["template"] as? String)?.contains("-Hello {{name}} from {{place}}\n+Hello {{name}}") ?? false, "\(diff)")
        XCTAssertEqual((diff["variables"] as? [[String: Any]])?.map { $0["change"] as? String }, ["removed"])
        XCTAssertEqual((diff["model_parameters"] as? [[String: Any]])?.map { $0["key"] as? String }, ["model", "temperature"])
        let missing = try prompt.failure("prompt.diff", #"{"name": "greeting", "from": 1, "to": 7}"#)
        XCTAssertEqual(missing.status, .notFound)
    }

    func testStatsComeFromPublishedUsageAndFeedbackEvents() throws {
        let prompt = try PromptHost()
        try prompt.call("prompt.create", greeting)
        try prompt.call("prompt.render", #"{"name": "greeting", "variables": {"name": "A"}}"#)
        let usage: [String: Any] = ["provider": "openai", "model": "gpt-4o-mini", "input_tokens": 120, "output_tokens": 30,
                                    "cached_input_tokens": 20, "cost_usd": "0.000123", "latency_ms": 250, "project": "web",
                                    "user": "u1", "tenant": "acme", "request_id": "req-1", "prompt": ["name": "greeting", "version": 1]]
        func publish(_ topic: String, _ object: [String: Any]) throws {
            try prompt.host.publish(topic, bytes: Array(try JSONSerialization.data(withJSONObject: object)), contentType: "application/json")
        }
        try publish("llm.usage", usage)
        try publish("llm.usage", usage)  // replayed: counted once
        var second = usage
        second["request_id"] = "req-2"
        second["cost_usd"] = "0.000877"
        try publish("llm.usage", second)
        var negative = usage
        negative["request_id"] = "req-3"
        negative["input_tokens"] = -5
        try publish("llm.usage", negative)
        try publish("llm.usage", ["provider": "openai"])
        try publish("prompt.feedback", ["name": "greeting", "version": 1, "score": 1, "request_id": "req-1"])
        try publish("prompt.feedback", ["name": "greeting", "version": 1, "score": 0])
        try prompt.host.waitForDelivery()

        let stats = try prompt.call("prompt.stats", #"{"name": "greeting"}"#)
        let version = try XCTUnwrap((stats["versions"] as? [[String: Any]])?.first)
        XCTAssertEqual(version["llm_calls"] as? Int, 2)
        XCTAssertEqual(version["input_tokens"] as? Int, 240)
        XCTAssertEqual(version["cached_input_tokens"] as? Int, 40)
        XCTAssertEqual(version["cost_usd"] as? String, "0.001")
        XCTAssertEqual(version["average_latency_ms"] as? Double, 250)
        XCTAssertEqual(version["renders"] as? Int, 1)
        XCTAssertEqual(version["feedback_count"] as? Int, 2)
        XCTAssertEqual(version["feedback_average"] as? Double, 0.5)
        let events = try XCTUnwrap(stats["events"] as? [String: Int])
        XCTAssertEqual(events["usage_recorded"], 2)
        XCTAssertEqual(events["usage_duplicate"], 1)
        XCTAssertEqual(events["usage_rejected"], 2)
        XCTAssertEqual(events["feedback_recorded"], 2)
    }

    /// The gateway's usual payload goes through the plugin's fast reader, other valid shapes (an
    /// unknown field, a fractional latency) through Codable; both count alike, and a payload
    /// missing a required field is rejected either way.
    func testUsageEventsOfEveryShapeAreCounted() throws {
        let prompt = try PromptHost()
        try prompt.call("prompt.create", greeting)
        let common = #""provider": "openai", "model": "gpt-4o-mini", "input_tokens": 100, "output_tokens": 10, "prompt": {"name": "greeting", "version": 1}"#
        for payload in [
            #"{"# + common + #", "cached_input_tokens": 0, "latency_ms": 200, "request_id": "fast-1", "user": null, "prompt_hash": "abc"}"#,
            #"{"request_id": "fast-2", "latency_ms": 300, "project": "w\"eb", "# + common + #"}"#,
            #"{"# + common + #", "request_id": "slow-1", "latency_ms": 250.5}"#,
            #"{"# + common + #", "request_id": "slow-2", "latency_ms": 250, "extension": {"a": [1]}}"#,
            #"{"provider": "openai", "request_id": "bad-1", "prompt": {"name": "greeting", "version": 1}}"#,
        ] {
            try prompt.host.publish("llm.usage", bytes: Array(payload.utf8), contentType: "application/json")
        }
        try prompt.host.waitForDelivery()
        let stats = try prompt.call("prompt.stats", #"{"name": "greeting"}"#)
        let version = try XCTUnwrap((stats["versions"] as? [[String: Any]])?.first)
        XCTAssertEqual(version["llm_calls"] as? Int, 4)
        XCTAssertEqual(version["input_tokens"] as? Int, 400)
        XCTAssertEqual(version["average_latency_ms"] as? Double, 250.125)
        let events = try XCTUnwrap(stats["events"] as? [String: Int])
        XCTAssertEqual(events["usage_recorded"], 4)
        XCTAssertEqual(events["usage_rejected"], 1)
    }

    func testExportAndImportThroughDocumentsAndFiles() throws {
        let source = try PromptHost()
        try source.call("prompt.create", greeting)
        try source.call("prompt.version.create", #"{"name": "greeting", "template": "Bonjour {{name}}"}"#)
        try source.call("prompt.alias.set", #"{"name": "greeting", "alias": "production", "version": 2}"#)
        let document = try source.call("prompt.export", "{}")
        XCTAssertEqual(document["format"] as? String, "aip.prompt-registry")
        let file = source.plugin.dataDirectory + "/backup.json"
        let receipt = try source.call("prompt.export", #"{"path": "backup.json"}"#)
        XCTAssertEqual(receipt["path"] as? String, file)
        XCTAssertEqual(receipt["prompts"] as? Int, 1)
        let mlflow = try source.call("prompt.export", #"{"format": "mlflow", "names": ["greeting"]}"#)
        let mlflowVersion = try XCTUnwrap(((mlflow["prompts"] as? [[String: Any]])?.first?["versions"] as? [[String: Any]])?.first)
        XCTAssertEqual((mlflowVersion["model_config"] as? [String: Any])?["model_name"] as? String, "gpt-4o-mini")
        XCTAssertEqual(mlflowVersion["uri"] as? String, "prompts:/greeting/1")

        let target = try PromptHost()
        let text = String(decoding: try JSONSerialization.data(withJSONObject: ["document": document]), as: UTF8.self)
        let dry = try target.call("prompt.import", text.replacingOccurrences(of: #"{"document""#, with: #"{"dry_run": true, "document""#))
        XCTAssertEqual(dry["dry_run"] as? Bool, true)
        XCTAssertEqual(try target.call("prompt.list", "{}")["total"] as? Int, 0)
        let report = try target.call("prompt.import", text)
        XCTAssertEqual(report["created"] as? [String], ["greeting"])
        XCTAssertEqual(try target.call("prompt.render", #"{"name": "greeting", "alias": "production", "variables": {"name": "A"}}"#)["text"] as? String,
                       "Bonjour A")
        XCTAssertEqual(try target.eventPayloads("prompt.imported").first?["created"] as? [String], ["greeting"])

        let fromFile = try PromptHost()
        try FileManager.default.copyItem(atPath: file, toPath: fromFile.plugin.dataDirectory + "/in.json")
        XCTAssertEqual(try fromFile.call("prompt.import", #"{"path": "in.json"}"#)["created"] as? [String], ["greeting"])
        XCTAssertEqual(try fromFile.call("prompt.import", #"{"path": "in.json"}"#)["unchanged"] as? [String], ["greeting"])

        try Data("{\"format\": \"aip.prompt-registry\"}".utf8).write(to: URL(fileURLWithPath: fromFile.plugin.dataDirectory + "/bad.json"))
        let bad = try fromFile.failure("prompt.import", #"{"path": "bad.json"}"#)
        XCTAssertEqual(bad.status, .invalidArgument)
        XCTAssertTrue(bad.message.contains("bad.json") && bad.message.contains("format_version"), bad.message)
        let absent = try fromFile.failure("prompt.import", #"{"path": "absent.json"}"#)
        XCTAssertEqual(absent.status, .notFound)
        let format = try fromFile.failure("prompt.export", #"{"format": "yaml"}"#)
        XCTAssertTrue(format.message.contains("'aip' or 'mlflow'"), format.message)
    }

    func testBuiltinsAreInstalledByDefault() throws {
        let prompt = try PromptHost(config: "{}")
        XCTAssertEqual(try prompt.call("prompt.list", #"{"tags": {"builtin": "true"}}"#)["total"] as? Int, 12)
        let rendered = try prompt.call("prompt.render", #"{"name": "builtin.summary.zh", "variables": {"text": "今天天气很好。"}}"#)
        XCTAssertTrue(((rendered["messages"] as? [[String: Any]])?.last?["content"] as? String)?.contains("今天天气很好。") ?? false)
    }

    func testAConfigOutsideTheSchemaIsRefused() throws {
        let host = try PluginTestHost(config: ["prompt": #"{"max_template_bytes": 10, "colour": "red"}"#])
        XCTAssertThrowsError(try host.load(BuiltPlugin.path(ofProduct: "PromptPlugin"))) { error in
            guard case .refused(let plugin, let stage, let reason) = error as? PluginTestError else { return XCTFail("\(error)") }
            XCTAssertEqual(plugin, "prompt")
            XCTAssertEqual(stage, "config")
            XCTAssertTrue(reason.contains("max_template_bytes") && reason.contains("colour"), reason)
        }
    }

    func testConcurrentAliasMovesThroughThePluginKeepOneChain() throws {
        let prompt = try PromptHost()
        try prompt.call("prompt.create", greeting)
        for _ in 0..<3 { try prompt.call("prompt.version.create", #"{"name": "greeting", "template": "v {{name}}"}"#) }
        let failures = Failures()
        let host = prompt.host
        DispatchQueue.concurrentPerform(iterations: 4) { thread in
            for move in 0..<25 {
                let body = move % 5 == 4
                    ? #"{"name": "greeting", "alias": "production", "rollback": true}"#
                    : #"{"name": "greeting", "alias": "production", "version": \#((thread + move) % 4 + 1)}"#
                do {
                    let reply = try host.callRaw("prompt.alias.set", body: Array(body.utf8))
                    if !reply.isOK, reply.status != .conflict, reply.status != .notFound { failures.add(reply.errorMessage) }
                } catch {
                    failures.add("\(error)")
                }
            }
        }
        XCTAssertEqual(failures.all, [])
        let got = try prompt.call("prompt.get", #"{"name": "greeting", "history": true}"#)
        let moves = try XCTUnwrap(got["alias_moves"] as? [[String: Any]])
        func versions(_ value: Any?) -> [Int]? { (value as? [[String: Any]])?.compactMap { $0["version"] as? Int } }
        for (previous, next) in zip(moves, moves.dropFirst()) {
            XCTAssertEqual(versions(next["from"]), versions(previous["to"]))
        }
        XCTAssertEqual(try prompt.eventPayloads("prompt.alias.moved").count, moves.count)
    }
}

final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ item: String) { lock.lock(); items.append(item); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
}
