import AIPConfig
@testable import GatewayCore
import XCTest

/// Output guardrails on every streamed choice and on tool-call arguments.
final class StreamedChoicesGuardTests: XCTestCase {
    func choice(_ index: Int64, content: String? = nil, toolCall: JSONValue? = nil, finish: String? = nil) -> [String: JSONValue] {
        var delta: [String: JSONValue] = [:]
        delta["content"] = content.map(JSONValue.string)
        delta["tool_calls"] = toolCall.map { .array([$0]) }
        return ["index": .int(index), "delta": .object(delta), "finish_reason": finish.map(JSONValue.string) ?? .null]
    }

    /// Feeds the choices in order; answers what was released per choice index, and whether it blocked.
    func run(_ choices: [[String: JSONValue]]) -> (text: [Int64: String], calls: [Int64: [JSONValue]], finishes: [Int64: String], blocked: Bool) {
        var guarding = StreamedChoicesGuard(holdback: 20, checkEvery: 5, check: StreamGuardTests.check)
        var text: [Int64: String] = [:]
        var calls: [Int64: [JSONValue]] = [:]
        var finishes: [Int64: String] = [:]
        do {
            for choice in choices {
                for out in try guarding.filter(choice) {
                    let index = out["index"]?.int64Value ?? -1
                    text[index, default: ""] += out["delta"]?["content"]?.stringValue ?? ""
                    calls[index, default: []] += out["delta"]?["tool_calls"]?.arrayValue ?? []
                    if let finish = out["finish_reason"]?.stringValue { finishes[index] = finish }
                }
            }
            return (text, calls, finishes, false)
        } catch {
            return (text, calls, finishes, true)
        }
    }

    func testEveryChoiceIsGuardedOnItsOwn() {
        let words = "please write to bob@example.com about the plan today".split(separator: " ").map { String($0) + " " }
        var choices: [[String: JSONValue]] = []
        for word in words {
            choices.append(choice(0, content: word))
            choices.append(choice(1, content: word.uppercased()))
        }
        choices.append(choice(0, finish: "stop"))
        choices.append(choice(1, finish: "stop"))
        let result = run(choices)
        XCTAssertFalse(result.blocked)
        XCTAssertEqual(result.text[0], "please write to [EMAIL_1] about the plan today ")
        XCTAssertEqual(result.text[1], "PLEASE WRITE TO [EMAIL_1] ABOUT THE PLAN TODAY ")
        XCTAssertEqual(result.finishes, [0: "stop", 1: "stop"])
    }

    func testABlockedPhraseInTheSecondChoiceBlocks() {
        let result = run([choice(0, content: "fine text "), choice(1, content: "a forbidden phrase "), choice(1, finish: "stop")])
        XCTAssertTrue(result.blocked)
        XCTAssertFalse((result.text[1] ?? "").contains("forbidden"))
    }

    func testToolCallArgumentsAreHeldUntilTheChoiceFinishesThenCheckedWhole() {
        let head: JSONValue = .object(["index": 0, "id": "call_1", "type": "function", "function": .object(["name": "send_mail", "arguments": ""])])
        let pieces = [#"{"to": "ca"#, #"rol@exa"#, #"mple.org", "#, #""body": "hi"}"#]
        var choices = [choice(0, toolCall: head)]
        for piece in pieces {
            choices.append(choice(0, toolCall: .object(["index": 0, "function": .object(["arguments": .string(piece)])])))
        }
        var guarding = StreamedChoicesGuard(holdback: 20, checkEvery: 5, check: StreamGuardTests.check)
        for partial in choices {
            XCTAssertEqual(try guarding.filter(partial), [], "nothing of a tool call is sent before its choice finishes")
        }
        let released = run(choices + [choice(0, finish: "tool_calls")])
        XCTAssertFalse(released.blocked)
        XCTAssertEqual(released.calls[0]?.count, 1)
        let call = released.calls[0]?.first
        XCTAssertEqual(call?["id"], "call_1")
        XCTAssertEqual(call?["function"]?["name"], "send_mail")
        XCTAssertEqual(call?["function"]?["arguments"]?.stringValue, #"{"to": [EMAIL_1] "body": "hi"}"#, "checked whole, redacted")
        XCTAssertEqual(released.finishes[0], "tool_calls")

        let blocked = run([choice(0, toolCall: head),
                           choice(0, toolCall: .object(["index": 0, "function": .object(["arguments": #"{"q": "the forbidden phrase"}"#])])),
                           choice(0, finish: "tool_calls")])
        XCTAssertTrue(blocked.blocked)
        XCTAssertNil(blocked.calls[0]?.first, "a blocked tool call is never sent")
    }

    func testTextReleasedWithTheFinishKeepsItsOrder() {
        // A provider may put the last text and the finish in one delta.
        let result = run([choice(0, content: "one two three four five six seven "), choice(0, content: "eight", finish: "stop")])
        XCTAssertEqual(result.text[0], "one two three four five six seven eight")
        XCTAssertEqual(result.finishes[0], "stop")
    }
}
