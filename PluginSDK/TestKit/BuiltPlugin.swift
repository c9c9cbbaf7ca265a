import Foundation

/// Finds plugin libraries SwiftPM built alongside the running tests, so a Swift plugin's own test
/// target can load the plugin it just built.
public enum BuiltPlugin {
    /// The path of `lib<product>.so`, the `.library(name: product, type: .dynamic, …)` product,
    /// in the build directory the running test binary was built into (`.build/debug`, or the
    /// `--scratch-path` one).
    public static func path(ofProduct product: String) throws -> String {
        let directory = buildDirectory
        let path = directory.appendingPathComponent("lib\(product).so").path
        guard FileManager.default.fileExists(atPath: path) else {
            throw PluginTestError.invalidSetup("lib\(product).so is not in \(directory.path): declare it as a dynamic library product (.library(name: \"\(product)\", type: .dynamic, targets: …)) and build the package (swift build --build-tests) before testing")
        }
        return path
    }

    /// The directory of the running test binary (on Linux, `<build>/<Package>PackageTests.xctest`
    /// is a plain executable sitting next to the products).
    static var buildDirectory: URL {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent()
    }
}
