/// Files of a scaffolded Swift plugin project. `{{…}}` placeholders are filled by `ScaffoldWriter`.
enum SwiftTemplate {
    static let files: [(path: String, text: String, executable: Bool)] = [
        ("Package.swift", package, false),
        ("Sources/{{module}}/{{module}}.swift", source, false),
        ("Tests/{{module}}Tests/{{module}}Tests.swift", test, false),
        ("Makefile", makefile, false),
        ("plugin.json", ManifestTemplate.text(language: "swift"), false),
        ("README.md", readme, false),
        ("LICENSE", LicenseTemplate.text, false),
        (".gitignore", ".build/\n.build-*/\nPackage.resolved\n*.so\n*.aipkg\n", false),
    ]

    static let package = #"""
// swift-tools-version: 6.0
// {{name}}: a Swift plugin for AI Platform, scaffolded by `aip plugin new`.
import PackageDescription

let package = Package(
    name: "{{name}}",
    products: [
        // A plugin is a dynamic library: the host dlopens lib{{module}}.so.
        .library(name: "{{module}}", type: .dynamic, targets: ["{{module}}"]),
    ],
    dependencies: [
        // The AI Platform SDK, by path (the checkout that scaffolded this project). Once the SDK
        // is published you can depend on it by URL instead:
        //   .package(url: "<git URL of the AI Platform SDK>", from: "<version>")
        // and name the package by that URL's last path component below.
        .package(path: "{{sdk_path}}"),
    ],
    targets: [
        .target(name: "{{module}}",
                dependencies: [.product(name: "AIPluginKit", package: "{{sdk_identity}}")],
                swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(name: "{{module}}Tests",
                    dependencies: [.product(name: "PluginTestKit", package: "{{sdk_identity}}")],
                    swiftSettings: [.swiftLanguageMode(.v6)]),
    ]
)
"""#

    static let source = #"""
import AIPluginKit

/// {{name}}: greets people and tells the event bus it did.
///
/// Rules that bite (see aip_plugin.h): the host may call handlers from several threads at once
/// because `threadSafe` is true, so keep state immutable or behind a lock; never let a Swift
/// error escape (the kit turns thrown errors into status codes for you).
public final class {{module}}: AIPPlugin {
    public static let manifest = PluginManifest(
        name: "{{name}}",
        version: "0.1.0",
        description: "Greets people (scaffolded by aip plugin new)",
        threadSafe: true,
        provides: [.message("{{capability}}", version: "1.0.0")],
        publishes: ["{{name}}.#"],
        configSchema: """
        {"type":"object","properties":{"greeting":{"type":"string","minLength":1,"default":"Hello"}},"additionalProperties":false}
        """)

    struct Config: Decodable { let greeting: String }
    struct GreetRequest: Decodable, Sendable { let name: String }
    struct GreetReply: Encodable, Sendable { let message: String }

    private let context: PluginContext
    private let greeting: String

    public init(context: PluginContext) throws {
        self.context = context
        self.greeting = try context.config(Config.self).greeting
    }

    public var handlers: [String: CapabilityHandler] {
        [
            "{{capability}}": .json { [self] (request: GreetRequest) -> GreetReply in
                guard !request.name.isEmpty else {
                    throw PluginError(.invalidArgument, "field 'name' must be a non-empty string")
                }
                try context.publish("{{topic}}", json: ["name": request.name])
                return GreetReply(message: "\(greeting), \(request.name)!")
            },
        ]
    }
}

@_cdecl("aip_plugin_entry")
public func aipPluginEntry() -> UnsafeRawPointer { PluginExport.descriptor(for: {{module}}.self) }
"""#

    static let makefile = #"""
# {{name}} — build, test, conformance-check and pack the plugin.
#   make              -> lib{{name}}.so (release build, copied next to plugin.json)
#   make test         -> swift test (PluginTestKit loads the real .so)
#   make conformance  -> aip plugin test (the ABI contract, fuzzing, lifecycle)
#   make pack         -> {{name}}-0.1.0.aipkg
# AIP points at the `aip` of the AI Platform checkout that scaffolded this project.

AIP ?= {{aip}}
CONFIG ?= release

.PHONY: all test conformance pack clean

all:
	swift build -c $(CONFIG) --product {{module}}
	cp "$$(swift build -c $(CONFIG) --show-bin-path)/lib{{module}}.so" lib{{name}}.so

test:
	swift build --build-tests
	swift test --skip-build --disable-swift-testing

conformance: all
	"$(AIP)" plugin test .

pack: all
	"$(AIP)" plugin pack .

clean:
	rm -rf .build lib{{name}}.so *.aipkg
"""#


    static let readme = #"""
# {{name}}

A Swift plugin for AI Platform. It provides `{{capability}}` (`{"name":"Ada"}` →
`{"message":"Hello, Ada!"}`) and publishes `{{topic}}` after each greeting.

```sh
make              # release build; copies lib{{name}}.so next to plugin.json
make test         # swift test: PluginTestKit loads the real .so into an in-process host
make conformance  # aip plugin test: ABI contract, lifecycle, 1,000 fuzzed payloads per capability
make pack         # {{name}}-0.1.0.aipkg, ready for a marketplace index
```

Swift has no stable ABI on Linux: the host only loads plugins built with its own Swift
toolchain ({{swift_toolchain}}). Keep `plugin.json` in step with `{{module}}.manifest`:
`aip plugin validate` checks that they agree. LICENSE carries the Apache-2.0 notice that plugin.json declares; change both together.
"""#

    // The test is filled in once PluginTestKit's API is final (see ScaffoldWriter).
    static let test = SwiftTestTemplate.text
}
