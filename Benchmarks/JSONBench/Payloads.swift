import AIPConfig

/// The documents the gateway parses and writes on every request, built as values so that their
/// text comes from the serialiser under test and their shape matches what callers send.
enum Payloads {
    /// An OpenAI chat completion request with a system prompt and a short conversation (~1.3 KB).
    static let chatRequest: JSONValue = [
        "model": "gpt-4o-mini",
        "temperature": 0.7,
        "max_tokens": 512,
        "stream": false,
        "user": "tenant-42/user-1187",
        "messages": [
            ["role": "system", "content": "You are a helpful assistant for an online bookshop. Answer briefly, cite the catalogue number when you recommend a book, and never invent prices."],
            ["role": "user", "content": "I liked \"The Left Hand of Darkness\" and \"Piranesi\". What should I read next? Something under 400 pages, please."],
            ["role": "assistant", "content": "You might enjoy \"A Wizard of Earthsea\" (cat. 10423, 183 pages) and \"The Buried Giant\" (cat. 20991, 317 pages).\nBoth share the quiet, strange atmosphere you liked."],
            ["role": "user", "content": "Is either of them available as an audiobook? Also — do you ship to Zürich?"],
        ],
        "metadata": ["request_id": "req_01HZX3K9Q7", "trace": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"],
    ]

    /// A chat completion reply with one choice and token usage (~600 B).
    static let chatReply: JSONValue = [
        "id": "chatcmpl-9x8YzQ2b7Lk1mN3oP4qR5sT6uV7w",
        "object": "chat.completion",
        "created": 1_764_230_400,
        "model": "gpt-4o-mini-2024-07-18",
        "system_fingerprint": "fp_0ba0d124f1",
        "choices": [[
            "index": 0,
            "message": ["role": "assistant", "content": "Yes: both are available as audiobooks (cat. 10423-A and 20991-A). We ship to Switzerland, including Zürich; delivery takes 3–5 working days and costs CHF 9.50."],
            "logprobs": nil,
            "finish_reason": "stop",
        ]],
        "usage": ["prompt_tokens": 187, "completion_tokens": 52, "total_tokens": 239,
                  "prompt_tokens_details": ["cached_tokens": 0]],
    ]

    /// A gateway event: ten short string and integer fields (~300 B).
    static let event: JSONValue = [
        "type": "gateway.request.completed",
        "request_id": "req_01HZX3K9Q7",
        "tenant": "tenant-42",
        "route": "chat",
        "deployment": "openai-eu-1",
        "model": "gpt-4o-mini",
        "status": 200,
        "latency_us": 18_734,
        "prompt_tokens": 187,
        "completion_tokens": 52,
    ]

    /// A 50 KB document: a batch of replies and events, with escapes and non-ASCII text mixed in.
    static let largeDocument: JSONValue = {
        var items: [JSONValue] = []
        var index: Int64 = 0
        while JSONValue.array(items).serialized(sortedKeys: false).utf8.count < 50_000 {
            items.append(index % 2 == 0 ? chatReply : event)
            items.append(["sequence": .int(index), "score": .double(Double(index) / 7), "tags": ["a", "b\tc", "日本"]])
            index += 1
        }
        return .object(["items": .array(items), "count": .int(index)])
    }()

    static let all: [(name: String, value: JSONValue)] = [
        ("chat request", chatRequest),
        ("chat reply", chatReply),
        ("event", event),
        ("50 KB document", largeDocument),
    ]
}
