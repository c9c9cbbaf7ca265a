/// The plugins these tests load.
enum TestPlugins {
    /// Tests/AIPHostTests/Fixtures/good_consumer.c: "fx-consumer", requires fx.echo ^1.0.
    static func consumer() throws -> String {
        try CPluginCompiler.plugin(atRepositoryPath: "Tests/AIPHostTests/Fixtures/good_consumer.c")
    }

    static func probe() throws -> String {
        try CPluginCompiler.plugin(named: "kit_probe", source: ProbePluginSource.text)
    }

    static func hang() throws -> String {
        try CPluginCompiler.plugin(named: "kit_hang", source: HangPluginSource.text)
    }
}
