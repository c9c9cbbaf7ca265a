import AIPConfig
import AIPHost
import AIPPackaging
import Foundation
import XCTest

/// `fromDescriptor`, `updated(from:)`, `jsonText` and Codable: a manifest derived from a library
/// agrees with it and survives being written and read back.
final class ManifestDescriptorTests: XCTestCase {
    func testManifestFromDescriptorAgreesWithTheLibrary() throws {
        let descriptor = try PluginImageLoader.open(try PackagingFixtures.counterLibrary())
        let manifest = PluginManifest.fromDescriptor(descriptor, library: "libcounter.so")
        XCTAssertEqual(manifest.mismatches(with: descriptor), [])
        XCTAssertEqual(manifest.name, "counter")
        XCTAssertEqual(manifest.abi, "1.1")
        XCTAssertEqual(manifest.language, "c")
        XCTAssertEqual(manifest.provides.last, .init(name: "counter.add", version: "1.0.0", signature: "i64(i64,i64)"))
        XCTAssertEqual(manifest.permissions, .init(publish: ["counter.#"], subscribe: ["greeter.#"]))
        XCTAssertEqual(manifest.license, "NOASSERTION")
    }

    func testFromDescriptorCarriesRequirements() throws {
        let descriptor = try PluginImageLoader.open(try PackagingFixtures.hostFixture("good_consumer"))
        let manifest = PluginManifest.fromDescriptor(descriptor, library: "libgood_consumer.so")
        XCTAssertEqual(manifest.requires, [.init(name: "fx.echo", range: "^1.0", optional: false)])
        XCTAssertFalse(manifest.threadSafe)
        XCTAssertNil(manifest.configSchema)
        XCTAssertEqual(manifest.mismatches(with: descriptor), [])
    }

    func testJSONTextLoadsBackToTheSameManifest() throws {
        let descriptor = try PluginImageLoader.open(try PackagingFixtures.counterLibrary())
        var manifest = PluginManifest.fromDescriptor(descriptor, library: "libcounter.so", license: "MIT", authors: ["Ada <ada@example.org>"])
        manifest.homepage = "https://example.org"
        let folder = try TemporaryFolder()
        let reloaded = try PluginManifest.load(path: try folder.write("plugin.json", manifest.jsonText()))
        XCTAssertEqual(reloaded, manifest)
        XCTAssertEqual(reloaded.jsonText(), manifest.jsonText())
        XCTAssertTrue(manifest.jsonText().hasPrefix("{\n  \"manifest_version\": 1,\n  \"name\": \"counter\",\n"))
    }

    func testCodableRoundTripKeepsNullConfigSchemaAndOmitsAbsentToolchain() throws {
        let manifest = try PluginManifest.load(path: PackagingFixtures.ownFixtures.appendingPathComponent("fx-consumer.plugin.json").path)
        let data = try JSONEncoder().encode(manifest)
        let object = try JSONParser.parse(String(decoding: data, as: UTF8.self))
        XCTAssertEqual(object["config_schema"], .null, "the schema requires the key, so null is written")
        XCTAssertNil(object["swift_toolchain"], "forbidden for C plugins, so it is left out")
        XCTAssertEqual(try JSONDecoder().decode(PluginManifest.self, from: data), manifest)
    }

    func testUpdatedFromDescriptorKeepsWhatOnlyTheManifestKnows() throws {
        let descriptor = try PluginImageLoader.open(try PackagingFixtures.counterLibrary())
        var stale = try PluginManifest.load(path: PackagingFixtures.counterExample.appendingPathComponent("plugin.json").path)
        stale.version = "0.9.0"
        stale.provides.removeLast()
        stale.homepage = "https://example.org/counter"
        XCTAssertFalse(stale.mismatches(with: descriptor).isEmpty)
        let updated = stale.updated(from: descriptor)
        XCTAssertEqual(updated.mismatches(with: descriptor), [])
        XCTAssertEqual(updated.version, "1.0.0")
        XCTAssertEqual(updated.authors, stale.authors)
        XCTAssertEqual(updated.license, stale.license)
        XCTAssertEqual(updated.homepage, stale.homepage)
        XCTAssertEqual(updated.isolation, stale.isolation)
        XCTAssertEqual(updated.description, stale.description)
    }
}
