import AIPConfig

/// The JSON Schema of `plugin.json`. PluginSDK/plugin-manifest.schema.json is the published copy
/// for authors and editors; it is embedded here so the host needs no file at run time, and a test
/// checks that the two texts are identical, so the file stays the single source.
enum ManifestSchema {
    static let text = #"""
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://ai-platform.example/schemas/plugin-manifest-1.json",
  "title": "AI Platform plugin manifest (plugin.json)",
  "description": "Describes one plugin shared object for operators, packers and marketplaces. The shared object's descriptor is what the host actually loads; `aip plugin validate` checks that this file agrees with it, and `aip plugin pack` refuses to pack a manifest that does not.",
  "type": "object",
  "required": ["manifest_version", "name", "version", "description", "license", "authors", "language", "abi",
               "platform", "library", "thread_safe", "isolation", "provides", "requires", "permissions",
               "config_schema"],
  "additionalProperties": false,
  "properties": {
    "manifest_version": {
      "description": "Version of this manifest format. Always 1 for now; a later format gets a new number so old tools refuse it instead of misreading it.",
      "const": 1
    },
    "name": {
      "description": "The plugin's unique name, identical to the descriptor's `name`: lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64 characters, no path separators. Also the first part of the archive name NAME-VERSION.aipkg.",
      "type": "string",
      "minLength": 1,
      "maxLength": 64,
      "pattern": "^[a-z0-9][a-z0-9._-]*$"
    },
    "version": {
      "description": "The plugin's version, identical to the descriptor's `version`: a semantic version MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD] (semver.org 2.0.0).",
      "type": "string",
      "minLength": 5
    },
    "description": {
      "description": "One line saying what the plugin does, shown in listings and marketplaces.",
      "type": "string",
      "minLength": 1,
      "maxLength": 500
    },
    "license": {
      "description": "The licence as an SPDX identifier or expression, e.g. \"Apache-2.0\", \"MIT OR Apache-2.0\", \"LicenseRef-Proprietary\"; \"NOASSERTION\" when not decided.",
      "type": "string",
      "pattern": "^[A-Za-z0-9.+-]+( (AND|OR|WITH) [A-Za-z0-9.+-]+)*$"
    },
    "authors": {
      "description": "The people or organisations responsible for the plugin, as \"Name <email>\" or just \"Name\".",
      "type": "array",
      "minItems": 1,
      "uniqueItems": true,
      "items": {
        "description": "One author, \"Name <email>\" or \"Name\".",
        "type": "string",
        "minLength": 1,
        "maxLength": 200
      }
    },
    "homepage": {
      "description": "Optional: where to read more about the plugin (an http or https URL).",
      "type": "string",
      "format": "uri",
      "pattern": "^https?://[^\\s]+$"
    },
    "language": {
      "description": "What the shared object is written in. \"swift\" plugins must also give `swift_toolchain`, because Swift has no stable ABI on Linux; \"c\" covers C and anything else that exports the C ABI directly.",
      "enum": ["c", "swift"]
    },
    "abi": {
      "description": "The plugin ABI MAJOR.MINOR the shared object was built against (the descriptor's abi_major and abi_minor), e.g. \"1.0\".",
      "type": "string",
      "pattern": "^[0-9]+\\.[0-9]+$"
    },
    "swift_toolchain": {
      "description": "The Swift compiler version that built the plugin (the descriptor's `swift_toolchain`, e.g. \"6.3.1\"). Required when `language` is \"swift\", forbidden when it is \"c\". The host loads only plugins built with its own toolchain.",
      "type": "string",
      "pattern": "^[0-9]+\\.[0-9]+(\\.[0-9]+)?\\+?$"
    },
    "platform": {
      "description": "The target triple the shared object is built for, e.g. \"x86_64-unknown-linux-gnu\" or \"aarch64-unknown-linux-gnu\". Its architecture must match the library's ELF header.",
      "type": "string",
      "pattern": "^[a-z0-9_]+-[a-z0-9_]+-[a-z0-9_]+(-[a-z0-9_]+)?$"
    },
    "library": {
      "description": "File name of the shared object, in the same folder as this manifest: no '/', not hidden, ending in .so.",
      "type": "string",
      "maxLength": 100,
      "pattern": "^[A-Za-z0-9_+-][A-Za-z0-9._+-]*\\.so$"
    },
    "thread_safe": {
      "description": "Whether the descriptor sets AIP_PLUGIN_THREAD_SAFE, i.e. `handle` and native functions may run concurrently. When false the host serialises every call into the plugin.",
      "type": "boolean"
    },
    "isolation": {
      "description": "Where the plugin prefers to run: \"in-process\" (fastest; it shares the host's address space), \"out-of-process\" (a crash cannot take the host down) or \"either\". A preference: the operator's configuration decides.",
      "enum": ["in-process", "out-of-process", "either"]
    },
    "provides": {
      "description": "Every capability the plugin provides, exactly as in the descriptor's `provides`.",
      "type": "array",
      "items": {
        "description": "One provided capability.",
        "type": "object",
        "required": ["name", "version"],
        "additionalProperties": false,
        "properties": {
          "name": {
            "description": "Capability name: lower-case dot-separated segments of a-z 0-9 '_' '-' (\"counter.add\"); a trailing \".*\" declares a family registered at run time.",
            "type": "string",
            "pattern": "^[a-z0-9_-]+(\\.[a-z0-9_-]+)*(\\.\\*)?$"
          },
          "version": {
            "description": "Semantic version of the capability's contract, e.g. \"1.0.0\".",
            "type": "string",
            "minLength": 5
          },
          "signature": {
            "description": "For a native capability only: its C signature in the ABI grammar, e.g. \"i64(i64,i64)\". Absent for a message capability (bytes in, bytes out through `handle`).",
            "type": "string",
            "minLength": 3
          }
        }
      }
    },
    "requires": {
      "description": "Every capability the plugin may call, exactly as in the descriptor's `requirements`. This list is also the plugin's call permission: a call to anything not listed is refused.",
      "type": "array",
      "items": {
        "description": "One required capability, or a family of them.",
        "type": "object",
        "required": ["name"],
        "additionalProperties": false,
        "properties": {
          "name": {
            "description": "Capability name, or \"prefix.*\" to permit a whole family, or \"*\" to permit every capability (a gateway); a family is a permission only, never a start-up dependency.",
            "type": "string",
            "pattern": "^([a-z0-9_-]+(\\.[a-z0-9_-]+)*(\\.\\*)?|\\*)$"
          },
          "range": {
            "description": "Semantic version range the provider must satisfy: \"^1.2\", \"~1.2.3\", \">=1.0.0 <2.0.0\", \"1.x\", \"*\". Absent means any version.",
            "type": "string",
            "minLength": 1
          },
          "optional": {
            "description": "True when the plugin works without this capability (AIP_REQUIRE_OPTIONAL): no hard start-up dependency, but still a call permission. Absent means false.",
            "type": "boolean"
          }
        }
      }
    },
    "permissions": {
      "description": "Event-bus permissions, exactly as the descriptor's `publishes` and `subscribes`.",
      "type": "object",
      "required": ["publish", "subscribe"],
      "additionalProperties": false,
      "properties": {
        "publish": {
          "description": "Topic patterns the plugin may publish to: dot-separated segments, '*' for exactly one segment, '#' for zero or more (\"counter.#\").",
          "type": "array",
          "uniqueItems": true,
          "items": {
            "description": "One topic pattern.",
            "type": "string",
            "minLength": 1
          }
        },
        "subscribe": {
          "description": "Topic patterns the plugin may subscribe to; each subscription must fall under one of them.",
          "type": "array",
          "uniqueItems": true,
          "items": {
            "description": "One topic pattern.",
            "type": "string",
            "minLength": 1
          }
        }
      }
    },
    "config_schema": {
      "description": "JSON Schema of the plugin's section of the host config, equal (as parsed JSON) to the descriptor's `config_schema`; null when the plugin takes no configuration.",
      "type": ["object", "boolean", "null"]
    }
  },
  "if": {
    "properties": {"language": {"const": "swift"}},
    "required": ["language"]
  },
  "then": {
    "required": ["swift_toolchain"]
  },
  "else": {
    "properties": {"swift_toolchain": false}
  }
}

"""#

    /// Compiled once. The text is a constant checked by the tests, so a failure here is a
    /// programming error in this file, not something a user can cause.
    static let compiled: JSONSchema = {
        do {
            return try JSONSchema(JSONParser.parse(text, source: "plugin-manifest.schema.json"))
        } catch {
            fatalError("the embedded plugin manifest schema is invalid: \(error)")
        }
    }()
}
