import AIPHost
import Foundation
import XCTest

/// The registry cache and the child-process probe that quarantines crashing plugins.
final class CatalogTests: XCTestCase {
    func testCrashingPluginIsQuarantinedInAChildAndTheHostSurvives() throws {
        let directory = try TemporaryDirectory()
        let crashy = try Fixtures.copy(try Fixtures.plugin("crash_in_entry"), to: "libcrashy.so", in: directory.path)
        let good = try Fixtures.copy(try Fixtures.plugin("good_provider"), to: "libgood.so", in: directory.path)
        let prober = PluginProber(executable: try Fixtures.aipExecutable())
        var catalog = PluginCatalog.load(from: directory.path + "/cache/plugins.json")
        let entries = catalog.refresh([crashy, good], prober: prober)
        XCTAssertEqual(entries.map(\.status), [.quarantined, .ok])
        let reason = try XCTUnwrap(entries[0].reason)
        XCTAssertTrue(reason.contains("crashed with SIGSEGV"), reason)
        XCTAssertTrue(reason.contains("retried when the file changes"), reason)
        XCTAssertEqual(entries[1].plugin?.name, "fx-provider")
        XCTAssertEqual(entries[1].plugin?.provides.first, "fx.echo@1.2.0")
        try catalog.save()

        // Unchanged files are not probed again: a prober that cannot run proves it.
        var reloaded = PluginCatalog.load(from: directory.path + "/cache/plugins.json")
        let broken = PluginProber(executable: "/nonexistent/aip")
        XCTAssertEqual(reloaded.refresh([crashy, good], prober: broken).map(\.status), [.quarantined, .ok])

        // Changing the file lifts the quarantine: it is probed again.
        try FileManager.default.removeItem(atPath: crashy)
        try FileManager.default.copyItem(atPath: try Fixtures.plugin("good_consumer"), toPath: crashy)
        let again = reloaded.refresh([crashy, good], prober: prober)
        XCTAssertEqual(again.map(\.status), [.ok, .ok])
        XCTAssertEqual(again[0].plugin?.name, "fx-consumer")
    }

    func testRefusedFilesAreCachedWithTheirReason() throws {
        let directory = try TemporaryDirectory()
        let prober = PluginProber(executable: try Fixtures.aipExecutable())
        var catalog = PluginCatalog.load(from: directory.path + "/plugins.json")
        let entries = catalog.refresh([try Fixtures.plugin("abi_major")], prober: prober)
        XCTAssertEqual(entries.first?.status, .refused)
        XCTAssertEqual(entries.first?.stage, .abi)
        XCTAssertTrue(entries.first?.reason?.contains("ABI 2.") ?? false)
    }

    func testCorruptCacheFileIsIgnored() throws {
        let directory = try TemporaryDirectory()
        let file = directory.path + "/plugins.json"
        try Data("{ not json".utf8).write(to: URL(fileURLWithPath: file))
        XCTAssertTrue(PluginCatalog.load(from: file).entries.isEmpty)
    }

    func testDiscoveryFindsVersionedLayoutInOrder() throws {
        let directory = try TemporaryDirectory()
        for relative in ["b/1.0.0/libb.so", "a/2.0.0/liba.so", "a/notes.txt", ".hidden/libx.so"] {
            let path = directory.path + "/" + relative
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: path, contents: Data())
        }
        let paths = PluginPaths.resolve(home: directory.path, pluginsDirFlags: [directory.path], configFile: nil,
                                        configPluginsDirs: [], configDataDir: nil, environment: [:])
        XCTAssertEqual(paths.discoverPluginFiles(), [directory.path + "/a/2.0.0/liba.so", directory.path + "/b/1.0.0/libb.so"])
    }

    func testDiscoveryLoadsOnlyTheActiveVersionThroughItsRealPath() throws {
        let directory = try TemporaryDirectory()
        for relative in ["a/1.0.0/liba.so", "a/2.0.0/liba.so", "b/1.0.0/libb.so", "c/3.0.0/libc.so"] {
            let path = directory.path + "/" + relative
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: path, contents: Data())
        }
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/a/current", withDestinationPath: "1.0.0")
        // A dangling link means the plugin has no usable version: nothing of it is loaded.
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/c/current", withDestinationPath: "9.9.9")
        let paths = PluginPaths.resolve(home: directory.path, pluginsDirFlags: [directory.path], configFile: nil,
                                        configPluginsDirs: [], configDataDir: nil, environment: [:])
        let real = try XCTUnwrap(realpath(directory.path, nil))
        defer { free(real) }
        XCTAssertEqual(paths.discoverPluginFiles(), [String(cString: real) + "/a/1.0.0/liba.so", directory.path + "/b/1.0.0/libb.so"])
    }

    func testPathPrecedence() {
        let env = ["AIP_HOME": "/srv/aip", "AIP_PLUGINS_DIR": "/opt/p1:/opt/p2"]
        XCTAssertEqual(PluginPaths.home(flag: nil, environment: env), "/srv/aip")
        XCTAssertEqual(PluginPaths.home(flag: "/x", environment: env), "/x")
        XCTAssertEqual(PluginPaths.home(flag: nil, environment: ["HOME": "/home/u"]), "/home/u/.aip")
        let fromEnv = PluginPaths.resolve(home: "/srv/aip", pluginsDirFlags: [], configFile: nil, configPluginsDirs: ["/cfg"], configDataDir: nil, environment: env)
        XCTAssertEqual(fromEnv.pluginsDirs, ["/opt/p1", "/opt/p2"])
        let fromFlag = PluginPaths.resolve(home: "/srv/aip", pluginsDirFlags: ["/flag"], configFile: nil, configPluginsDirs: ["/cfg"], configDataDir: nil, environment: env)
        XCTAssertEqual(fromFlag.pluginsDirs, ["/flag"])
        let fromConfig = PluginPaths.resolve(home: "/srv/aip", pluginsDirFlags: [], configFile: nil, configPluginsDirs: ["/cfg"], configDataDir: "/data", environment: [:])
        XCTAssertEqual(fromConfig.pluginsDirs, ["/cfg"])
        XCTAssertEqual(fromConfig.dataRoot, "/data")
        let defaults = PluginPaths.resolve(home: "/srv/aip", pluginsDirFlags: [], configFile: nil, configPluginsDirs: [], configDataDir: nil, environment: [:])
        XCTAssertEqual(defaults.pluginsDirs, ["/srv/aip/plugins"])
        XCTAssertEqual(defaults.dataRoot, "/srv/aip/data")
        XCTAssertEqual(defaults.cacheFile, "/srv/aip/cache/plugins.json")
        let relative = PluginPaths.resolve(home: "/srv/aip", pluginsDirFlags: [], configFile: "/etc/aip/config.json",
                                           configPluginsDirs: ["plugins", "/abs"], configDataDir: "state", environment: [:])
        XCTAssertEqual(relative.pluginsDirs, ["/etc/aip/plugins", "/abs"])
        XCTAssertEqual(relative.dataRoot, "/etc/aip/state")
    }
}
