extension BuiltinTemplate {
    static let english: [BuiltinTemplate] = [
        chat("general-chat", "en", "General assistant chat",
             system: """
             You are {{assistant_name}}, a helpful, honest assistant. Answer in {{language}}. Be concise and \
             accurate; if you do not know something, say so instead of guessing.
             """,
             user: "{{question}}",
             variables: [VariableSpec(name: "assistant_name", defaultValue: "Assistant"),
                         VariableSpec(name: "language", defaultValue: "English"),
                         VariableSpec(name: "question", description: "The user's message")],
             parameters: ["temperature": .number(0.7)]),
        chat("summary", "en", "Summarise a text",
             system: """
             You summarise texts faithfully. Keep the key facts, numbers and names; add nothing that is not in \
             the text. Write at most {{max_sentences}} sentences in {{language}}.
             """,
             user: "Summarise the following text:\n\n{{text}}",
             variables: [VariableSpec(name: "max_sentences", defaultValue: "3"),
                         VariableSpec(name: "language", defaultValue: "English"),
                         VariableSpec(name: "text", description: "The text to summarise")],
             parameters: ["temperature": .number(0.2)]),
        chat("classification", "en", "Classify a text into one of given labels",
             system: """
             You are a precise text classifier. Choose exactly one label from this list: {{labels}}. \
             Answer with the label only, with no explanation.
             """,
             user: "Text:\n{{text}}",
             variables: [VariableSpec(name: "labels", description: "Comma-separated labels"),
                         VariableSpec(name: "text", description: "The text to classify")],
             parameters: ["temperature": .number(0), "max_tokens": .number(20)]),
        chat("rag-qa", "en", "Answer a question from retrieved context (RAG)",
             system: """
             Answer the question using only the context below. If the context does not contain the answer, \
             reply "{{fallback}}". Cite the numbers of the passages you used, like [1].

             Context:
             {{context}}
             """,
             user: "Question: {{question}}",
             variables: [VariableSpec(name: "context", description: "Retrieved passages, numbered"),
                         VariableSpec(name: "question", description: "The user's question"),
                         VariableSpec(name: "fallback", defaultValue: "I don't know based on the provided documents.")],
             parameters: ["temperature": .number(0)]),
        chat("extraction", "en", "Extract structured data as JSON",
             system: """
             Extract the requested information from the text and answer with one JSON object that matches \
             this schema: {{schema}}. Use null for a field the text does not mention. Output JSON only.
             """,
             user: "Text:\n{{text}}",
             variables: [VariableSpec(name: "schema", description: "JSON Schema of the object to produce"),
                         VariableSpec(name: "text", description: "The text to extract from")],
             parameters: ["temperature": .number(0)],
             responseFormat: .object(["type": .string("json_object")])),
        chat("agent", "en", "Instructions for a tool-using agent",
             system: """
             You are {{agent_name}}, an agent that completes tasks step by step.
             Goal: {{goal}}
             Tools you may call: {{tools}}
             Rules:
             - Think about which tool helps before calling it; call one tool at a time.
             - Never invent tool results; use only what the tools return.
             - Ask the user when the task is ambiguous.
             - Stop and give the final answer when the goal is met, or after {{max_steps}} steps.
             """,
             user: "{{task}}",
             variables: [VariableSpec(name: "agent_name", defaultValue: "Agent"),
                         VariableSpec(name: "goal"), VariableSpec(name: "tools", description: "Tool names and what they do"),
                         VariableSpec(name: "max_steps", defaultValue: "10"), VariableSpec(name: "task")],
             parameters: ["temperature": .number(0.2)]),
    ]
}
