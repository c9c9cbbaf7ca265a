// swift-tools-version: 6.0
// AI Platform: a minimal plugin host plus shared-object plugins behind one C ABI.
// Layout: PluginSDK/ (the ABI and kits), Host/ (the runtime and CLI), Plugins/ (first-party
// plugins), Marketplace/, Tests/, Benchmarks/. See docs/abi.md.
import PackageDescription

let strictSwift: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "AIPlatform",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "aip", targets: ["aip"]),
        .library(name: "AIPluginKit", targets: ["AIPluginKit"]),
        .library(name: "PluginTestKit", targets: ["PluginTestKit"]),
        .library(name: "SwiftGreeterPlugin", type: .dynamic, targets: ["SwiftGreeterPlugin"]),
        .library(name: "SwiftBenchPlugin", type: .dynamic, targets: ["SwiftBenchPlugin"]),
        .executable(name: "aip-bench", targets: ["AIPBench"]),
        .executable(name: "json-bench", targets: ["JSONBench"]),
        // Products of issue 4 (marketplace)

        // Products of issue 4 (marketplace fetcher)
        .executable(name: "fetch-bench", targets: ["FetchBench"]),

        // Products of issue 5 (daemon, http plugin, runner)
        .executable(name: "aipd", targets: ["aipd"]),
        .executable(name: "aip-plugin-runner", targets: ["AIPPluginRunner"]),
        .library(name: "HTTPPlugin", type: .dynamic, targets: ["HTTPPlugin"]),

        // Products of issue 6 (guardrails plugin)
        .library(name: "GuardrailsPlugin", type: .dynamic, targets: ["GuardrailsPlugin"]),
        .executable(name: "guardrails-eval", targets: ["GuardrailsEval"]),
        .executable(name: "guardrails-bench", targets: ["GuardrailsBench"]),

        // Products of issue 7 (prompt plugin)
        .library(name: "PromptPlugin", type: .dynamic, targets: ["PromptPlugin"]),
        .executable(name: "prompt-bench", targets: ["PromptBench"]),

        // Products of issue 7 (cost plugin)
        .library(name: "CostPlugin", type: .dynamic, targets: ["CostPlugin"]),
        .executable(name: "cost-cli", targets: ["CostCLI"]),
        .executable(name: "cost-bench", targets: ["CostBench"]),

        // Products of issue 8 (gateway plugin)
        .library(name: "GatewayPlugin", type: .dynamic, targets: ["GatewayPlugin"]),
        .executable(name: "gateway-upstream", targets: ["GatewayUpstream"]),

    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // Dependencies of issue 4 (marketplace)

        // Dependencies of issue 5 (daemon, http plugin, runner)
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),

        // Dependencies of issue 6 (guardrails plugin)

        // Dependencies of issue 7 (prompt plugin)

        // Dependencies of issue 7 (cost plugin)

        // Dependencies of issue 8 (gateway plugin)

    ],
    targets: [
        // MARK: PluginSDK — the C ABI, the Swift kit and the system libraries plugins may use.
        .target(name: "AIPluginABI", path: "PluginSDK", sources: ["CABI"], publicHeadersPath: "include"),
        .target(name: "AIPToolchain", path: "PluginSDK/Toolchain", swiftSettings: strictSwift),
        .target(name: "AIPluginKit", dependencies: ["AIPluginABI", "AIPToolchain"],
                path: "PluginSDK/SwiftKit", swiftSettings: strictSwift),
        .systemLibrary(name: "CSQLite", path: "PluginSDK/SystemLibraries/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCurl", path: "PluginSDK/SystemLibraries/CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CJansson", path: "PluginSDK/SystemLibraries/CJansson", pkgConfig: "jansson",
                       providers: [.apt(["libjansson-dev"])]),
        .systemLibrary(name: "CFFI", path: "PluginSDK/SystemLibraries/CFFI", pkgConfig: "libffi",
                       providers: [.apt(["libffi-dev"])]),
        .target(name: "PluginTestKit", dependencies: ["AIPHost", "AIPConfig", "AIPEvents", "AIPluginABI",
                                                     .product(name: "Logging", package: "swift-log")],
                path: "PluginSDK/TestKit", exclude: ["README.md"], swiftSettings: strictSwift),
        .target(name: "SwiftGreeterPlugin", dependencies: ["AIPluginKit"],
                path: "PluginSDK/Examples/swift-greeter", exclude: ["README.md", "plugin.json"], swiftSettings: strictSwift),

        // MARK: Host — config, event bus, runtime core, CLI.
        .target(name: "AIPConfig", path: "Host/Config", swiftSettings: strictSwift),
        .target(name: "AIPVersioning", path: "Host/Versioning", swiftSettings: strictSwift),
        .target(name: "AIPEvents", dependencies: ["AIPLocking"], path: "Host/Events", swiftSettings: strictSwift),
        .target(name: "AIPHost",
                dependencies: ["AIPluginABI", "AIPToolchain", "AIPConfig", "AIPEvents", "AIPLocking", "AIPVersioning", "CFFI",
                               .product(name: "Logging", package: "swift-log")],
                path: "Host/Core", swiftSettings: strictSwift),
        .target(name: "AIPPackaging",
                dependencies: ["AIPHost", "AIPConfig", "AIPEvents", "AIPToolchain", "AIPVersioning",
                               .product(name: "Crypto", package: "swift-crypto")],
                path: "Host/Packaging", swiftSettings: strictSwift),
        .target(name: "AIPConformance", dependencies: ["AIPHost", "AIPConfig", "AIPPackaging", "AIPluginABI"],
                path: "Host/Conformance", swiftSettings: strictSwift),
        .executableTarget(name: "aip",
                          dependencies: ["AIPHost", "AIPPackaging", "AIPConformance", "AIPToolchain", "AIPluginABI",
                                         "AIPMarket", "AIPMarketIndex", "AIPVersioning", "AIPConfig",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          path: "Host/aip", swiftSettings: strictSwift),

        // MARK: Benchmarks (release build, prints a table).
        .target(name: "AIPBenchSupport", path: "Benchmarks/Support", swiftSettings: strictSwift),
        // Batched writes from a queue, with back-pressure and retry: shared by the plugins' pure Core targets.
        .target(name: "AIPBatching", path: "PluginSDK/Batching", swiftSettings: strictSwift),
        .testTarget(name: "AIPBatchingTests", dependencies: ["AIPBatching"], path: "Tests/AIPBatchingTests", swiftSettings: strictSwift),
        // A lock that does not convoy when threads outnumber cores: shared by the host and the plugins' Core targets.
        .target(name: "AIPLocking", path: "PluginSDK/Locking", swiftSettings: strictSwift),
        .executableTarget(name: "AIPBench", dependencies: ["AIPHost", "AIPluginABI", "AIPConfig", "AIPEvents", "AIPBenchSupport"],
                          path: "Benchmarks/AIPBench", swiftSettings: strictSwift),
        .executableTarget(name: "JSONBench", dependencies: ["AIPConfig", "AIPBenchSupport"],
                          path: "Benchmarks/JSONBench", swiftSettings: strictSwift),
        .target(name: "SwiftBenchPlugin", dependencies: ["AIPluginKit"],
                path: "Benchmarks/Plugins/swift-bench", swiftSettings: strictSwift),

        // MARK: Marketplace (issue 4)
        .target(name: "AIPMarketIndex",
                dependencies: ["AIPConfig", "AIPVersioning", .product(name: "Crypto", package: "swift-crypto")],
                path: "Marketplace/Index", swiftSettings: strictSwift),
        .target(name: "AIPMarket",
                dependencies: ["AIPMarketIndex", "AIPMarketResolver", "AIPMarketFetch", "AIPPackaging", "AIPConfig",
                               "AIPVersioning", "AIPToolchain", "AIPluginABI",
                               .product(name: "GRDB", package: "GRDB.swift"),
                               .product(name: "Crypto", package: "swift-crypto")],
                path: "Marketplace/Market", swiftSettings: strictSwift),
        .testTarget(name: "AIPMarketIndexTests", dependencies: ["AIPMarketIndex", "AIPVersioning"],
                    path: "Tests/AIPMarketIndexTests", swiftSettings: strictSwift),
        .testTarget(name: "AIPMarketTests",
                    dependencies: ["AIPMarket", "AIPMarketIndex", "AIPPackaging", "AIPConfig", "AIPVersioning", "AIPToolchain",
                                   "AIPluginABI", "AIPTestSupport", .product(name: "Crypto", package: "swift-crypto")],
                    path: "Tests/AIPMarketTests", exclude: ["Fixtures"], swiftSettings: strictSwift),

        // MARK: Marketplace resolver (issue 4)
        .target(name: "AIPMarketResolver", dependencies: ["AIPVersioning"], path: "Marketplace/Resolver",
                exclude: ["README.md"], swiftSettings: strictSwift),
        .executableTarget(name: "market-bench", dependencies: ["AIPMarketResolver", "AIPVersioning", "AIPTestSupport", "AIPBenchSupport"],
                          path: "Benchmarks/MarketBench", swiftSettings: strictSwift),
        .testTarget(name: "AIPMarketResolverTests", dependencies: ["AIPMarketResolver", "AIPVersioning", "AIPTestSupport"],
                    path: "Tests/AIPMarketResolverTests", swiftSettings: strictSwift),

        // MARK: Marketplace fetcher (issue 4)
        .target(name: "AIPMarketFetchCurl", dependencies: ["CCurl"], path: "Marketplace/Fetch/CurlShim"),
        .target(name: "AIPMarketFetch",
                dependencies: ["AIPMarketFetchCurl", "CCurl", .product(name: "Crypto", package: "swift-crypto")],
                path: "Marketplace/Fetch", exclude: ["CurlShim", "README.md"], swiftSettings: strictSwift),
        .testTarget(name: "AIPMarketFetchTests", dependencies: ["AIPMarketFetch", "AIPTestSupport"],
                    path: "Tests/AIPMarketFetchTests", exclude: ["Fixtures"], swiftSettings: strictSwift),
        .executableTarget(name: "FetchBench", dependencies: ["AIPMarketFetch", "AIPBenchSupport"],
                          path: "Benchmarks/FetchBench", swiftSettings: strictSwift),

        // MARK: Daemon, http plugin, runner (issue 5)
        .executableTarget(name: "aipd",
                          dependencies: ["AIPHost", "AIPConfig", "AIPEvents",
                                         .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                                         .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                                         .product(name: "ArgumentParser", package: "swift-argument-parser"),
                                         .product(name: "Crypto", package: "swift-crypto"),
                                         .product(name: "Logging", package: "swift-log")],
                          path: "Host/aipd", exclude: ["aipd.service"], swiftSettings: strictSwift),
        .executableTarget(name: "AIPPluginRunner", dependencies: ["AIPHost", "AIPConfig", "AIPEvents", "AIPluginABI",
                                                                 .product(name: "Logging", package: "swift-log")],
                          path: "Host/Runner", swiftSettings: strictSwift),
        .target(name: "HTTPCore", dependencies: ["AIPLocking", .product(name: "Crypto", package: "swift-crypto")],
                path: "Plugins/http/Core", swiftSettings: strictSwift),
        .target(name: "HTTPPlugin", dependencies: ["HTTPCore", "AIPluginKit", "AIPLocking",
                                                   .product(name: "Hummingbird", package: "hummingbird"),
                                                   .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                                                   .product(name: "NIOPosix", package: "swift-nio"),
                                                   .product(name: "NIOCore", package: "swift-nio")],
                path: "Plugins/http/Plugin", swiftSettings: strictSwift),
        .testTarget(name: "HTTPPluginTests", dependencies: ["HTTPCore", "PluginTestKit", "AIPTestSupport"],
                    path: "Tests/HTTPPluginTests", swiftSettings: strictSwift),
        .testTarget(name: "DaemonTests", dependencies: ["AIPHost", "AIPConfig", "AIPTestSupport", "HTTPCore"],
                    path: "Tests/DaemonTests", exclude: ["Fixtures"], swiftSettings: strictSwift),

        // MARK: Plugins/guardrails (issue 6)
        .target(name: "GuardrailsByteClasses", path: "Plugins/guardrails/ByteClasses"),
        .target(name: "GuardrailsCore", dependencies: ["AIPConfig", "GuardrailsByteClasses"], path: "Plugins/guardrails/Core",
                swiftSettings: strictSwift),
        .target(name: "GuardrailsPlugin", dependencies: ["GuardrailsCore", "AIPluginKit", "AIPLocking"],
                path: "Plugins/guardrails/Plugin", swiftSettings: strictSwift),
        .executableTarget(name: "GuardrailsEval", dependencies: ["GuardrailsCore"],
                          path: "Plugins/guardrails/Tools/guardrails-eval", swiftSettings: strictSwift),
        .executableTarget(name: "GuardrailsBench", dependencies: ["GuardrailsCore", "AIPBenchSupport"],
                          path: "Plugins/guardrails/Tools/guardrails-bench", swiftSettings: strictSwift),
        .testTarget(name: "GuardrailsCoreTests", dependencies: ["GuardrailsCore", "AIPConfig"],
                    path: "Tests/GuardrailsCoreTests", swiftSettings: strictSwift),
        .testTarget(name: "GuardrailsPluginTests", dependencies: ["PluginTestKit", "AIPConfig"],
                    path: "Tests/GuardrailsPluginTests", swiftSettings: strictSwift),

        // MARK: Plugins/prompt (issue 7)
        .target(name: "PromptCore", dependencies: ["AIPBatching", "AIPLocking", .product(name: "GRDB", package: "GRDB.swift"),
                                            .product(name: "GRDBSQLite", package: "GRDB.swift")],
                path: "Plugins/prompt/Core", swiftSettings: strictSwift),
        .target(name: "PromptPlugin", dependencies: ["PromptCore", "AIPluginKit", "AIPLocking"],
                path: "Plugins/prompt/Plugin", swiftSettings: strictSwift),
        .executableTarget(name: "PromptBench", dependencies: ["PromptCore", "AIPHost", "AIPConfig", "AIPluginABI", "AIPBenchSupport",
                                                             .product(name: "Logging", package: "swift-log")],
                          path: "Plugins/prompt/Bench", swiftSettings: strictSwift),
        .testTarget(name: "PromptCoreTests", dependencies: ["PromptCore", "AIPTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
                    path: "Tests/PromptCoreTests", exclude: ["Fixtures"],
                    swiftSettings: strictSwift),
        .testTarget(name: "PromptPluginTests", dependencies: ["PluginTestKit"], path: "Tests/PromptPluginTests",
                    swiftSettings: strictSwift),

        // MARK: Plugins/cost (issue 7)
        .target(name: "CostCore", dependencies: ["CSQLite", "AIPBatching", "AIPLocking", .product(name: "GRDB", package: "GRDB.swift")],
                path: "Plugins/cost/Core", swiftSettings: strictSwift),
        .target(name: "CostPlugin", dependencies: ["CostCore", "AIPluginKit"],
                path: "Plugins/cost/Plugin", swiftSettings: strictSwift),
        .executableTarget(name: "CostCLI", dependencies: ["CostCore"], path: "Plugins/cost/CLI", swiftSettings: strictSwift),
        .executableTarget(name: "CostBench", dependencies: ["CostCore", "AIPBenchSupport"], path: "Plugins/cost/Bench", swiftSettings: strictSwift),
        .testTarget(name: "CostCoreTests", dependencies: ["CostCore", "AIPTestSupport"], path: "Tests/CostCoreTests",
                    swiftSettings: strictSwift),
        .testTarget(name: "CostPluginTests", dependencies: ["PluginTestKit", "AIPTestSupport"], path: "Tests/CostPluginTests",
                    swiftSettings: strictSwift),

        // MARK: Plugins/gateway (issue 8)
        .target(name: "GatewayCore", dependencies: ["AIPConfig", "AIPLocking", "AIPMarketFetchCurl", "CCurl",
                                                   .product(name: "GRDB", package: "GRDB.swift"),
                                                   .product(name: "Crypto", package: "swift-crypto")],
                path: "Plugins/gateway/Core", swiftSettings: strictSwift),
        .target(name: "GatewayPlugin", dependencies: ["GatewayCore", "AIPluginKit", "AIPConfig", "AIPLocking"],
                path: "Plugins/gateway/Plugin", swiftSettings: strictSwift),
        .executableTarget(name: "GatewayUpstream", dependencies: ["GatewayCore", "AIPConfig", "AIPLocking"],
                          path: "Plugins/gateway/Tools/gateway-upstream", swiftSettings: strictSwift),
        .testTarget(name: "GatewayCoreTests", dependencies: ["GatewayCore", "AIPConfig", "AIPTestSupport"],
                    path: "Tests/GatewayCoreTests", swiftSettings: strictSwift),
        .testTarget(name: "GatewayPluginTests", dependencies: ["PluginTestKit", "AIPTestSupport", "HTTPCore"],
                    path: "Tests/GatewayPluginTests", swiftSettings: strictSwift),

        // MARK: Tests
        .testTarget(name: "AIPConfigTests", dependencies: ["AIPConfig"], path: "Tests/AIPConfigTests",
                    swiftSettings: strictSwift),
        .testTarget(name: "AIPVersioningTests", dependencies: ["AIPVersioning"], path: "Tests/AIPVersioningTests",
                    swiftSettings: strictSwift),
        .target(name: "AIPTestSupport", path: "Tests/Support", swiftSettings: strictSwift),
        .testTarget(name: "AIPPackagingTests", dependencies: ["AIPPackaging", "AIPHost", "AIPConfig", "AIPTestSupport"],
                    path: "Tests/AIPPackagingTests", exclude: ["Fixtures"], swiftSettings: strictSwift),
        .testTarget(name: "AIPConformanceTests", dependencies: ["AIPConformance", "AIPHost", "AIPConfig", "AIPTestSupport"],
                    path: "Tests/AIPConformanceTests", exclude: ["Fixtures"], swiftSettings: strictSwift),
        .testTarget(name: "PluginTestKitTests", dependencies: ["PluginTestKit", "AIPConfig"],
                    path: "Tests/PluginTestKitTests", swiftSettings: strictSwift),
        .testTarget(name: "ExamplePluginTests", dependencies: ["PluginTestKit", "AIPConfig"],
                    path: "Tests/ExamplePluginTests", swiftSettings: strictSwift),
        .testTarget(name: "AIPluginKitTests", dependencies: ["AIPluginKit"], path: "Tests/AIPluginKitTests",
                    swiftSettings: strictSwift),
        .testTarget(name: "AIPEventsTests", dependencies: ["AIPEvents"], path: "Tests/AIPEventsTests",
                    swiftSettings: strictSwift),
        .testTarget(name: "AIPHostTests", dependencies: ["AIPHost", "AIPEvents", "AIPluginABI", "CSQLite", "CCurl", "CJansson", "CFFI", "AIPTestSupport"], path: "Tests/AIPHostTests",
                    exclude: ["Fixtures"], swiftSettings: strictSwift),
    ]
)
