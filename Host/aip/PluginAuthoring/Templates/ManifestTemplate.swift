/// The scaffolded `plugin.json`, the same for both languages except the language itself and, for
/// Swift, the toolchain the host must match.
enum ManifestTemplate {
    static func text(language: String) -> String {
        let toolchain = language == "swift" ? "\n  \"swift_toolchain\": \"{{swift_toolchain}}\"," : ""
        return #"""
{
  "manifest_version": 1,
  "name": "{{name}}",
  "version": "0.1.0",
  "description": "Greets people (scaffolded by aip plugin new)",
  "license": "Apache-2.0",
  "authors": ["{{author}}"],
  "language": "\#(language)",
  "abi": "{{abi}}",\#(toolchain)
  "platform": "{{platform}}",
  "library": "lib{{name}}.so",
  "thread_safe": true,
  "isolation": "either",
  "provides": [{"name": "{{capability}}", "version": "1.0.0"}],
  "requires": [],
  "permissions": {"publish": ["{{name}}.#"], "subscribe": []},
  "config_schema": {"type": "object", "properties": {"greeting": {"type": "string", "minLength": 1, "default": "Hello"}}, "additionalProperties": false}
}
"""#
    }
}
