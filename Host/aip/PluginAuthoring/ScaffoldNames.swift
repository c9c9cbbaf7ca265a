/// The names a scaffolded project derives from the plugin name: `hello-world` gives the Swift
/// module `HelloWorldPlugin`, the C identifier prefix `hello_world` and the capability
/// `hello-world.greet`.
struct ScaffoldNames {
    let plugin: String
    let swiftModule: String
    let cIdentifier: String
    let capability: String
    let topic: String

    init(plugin: String) {
        self.plugin = plugin
        let words = plugin.split(whereSeparator: { "._-".contains($0) }).map(String.init)
        let camel = words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        // A Swift identifier cannot start with a digit.
        swiftModule = (camel.first?.isNumber == true ? "P" + camel : camel) + "Plugin"
        let snake = words.joined(separator: "_")
        cIdentifier = snake.first?.isNumber == true ? "p_" + snake : snake
        capability = plugin + ".greet"
        topic = plugin + ".greeted"
    }

    /// Nil when `name` is a valid plugin name, else why not.
    static func problem(with name: String) -> String? {
        if name.contains("/") || name.contains("\\") {
            return "plugin name '\(name)' contains a path separator; give a bare name and use --dir for the location"
        }
        guard let first = name.unicodeScalars.first, name.utf8.count <= 64 else {
            return "plugin name must be 1 to 64 characters"
        }
        let allowed = name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0) }
        guard allowed, ("a"..."z").contains(first) || ("0"..."9").contains(first) else {
            return "plugin name '\(name)' is invalid: use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit"
        }
        return nil
    }
}
