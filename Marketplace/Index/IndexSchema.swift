import AIPConfig

/// The JSON Schema of a marketplace `index.json`. Marketplace/index.schema.json is the published
/// copy for publishers and tools; it is embedded here so the host needs no file at run time, and a
/// test checks that the two texts are identical, so the file stays the single source.
enum IndexSchema {
    static let text = #"""
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://ai-platform.example/schemas/marketplace-index-1.json",
  "title": "AI Platform marketplace index (index.json)",
  "description": "Lists every package a marketplace offers, each version's archive and what it needs. The file is signed as it is, byte for byte: its detached Ed25519 signature sits next to it as index.json.sig. Hosts refuse an index that is unsigned, signed by an untrusted key, expired, or older than the newest one they have already seen from the same marketplace.",
  "type": "object",
  "required": ["format", "name", "version", "generated", "expires", "packages"],
  "additionalProperties": false,
  "properties": {
    "format": {
      "description": "Version of this file format. Always 1; a later format gets a new number so old hosts refuse it instead of misreading it.",
      "const": 1
    },
    "name": {
      "description": "The marketplace's own name, for messages (e.g. first-party).",
      "type": "string",
      "minLength": 1,
      "maxLength": 64
    },
    "version": {
      "description": "The index's version: an integer the publisher increases on every change. A host never accepts a lower version than one it has seen (rollback protection), nor the same version with other contents.",
      "type": "integer",
      "minimum": 1
    },
    "generated": {
      "description": "When the publisher wrote this index, as an RFC 3339 UTC time stamp (2026-11-26T21:00:00Z).",
      "type": "string",
      "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"
    },
    "expires": {
      "description": "After this RFC 3339 UTC time stamp hosts refuse the index, so a mirror cannot keep serving a frozen copy that hides security updates. Publishers re-sign before it passes.",
      "type": "string",
      "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"
    },
    "packages": {
      "description": "Packages by name. A package's name is the plugin's name.",
      "type": "object",
      "propertyNames": {"pattern": "^[a-z0-9][a-z0-9._-]*$", "maxLength": 64},
      "additionalProperties": {"$ref": "#/$defs/package"}
    }
  },
  "$defs": {
    "package": {
      "type": "object",
      "required": ["description", "license", "versions"],
      "additionalProperties": false,
      "properties": {
        "description": {"description": "One line about what the plugin does (from its newest version's manifest).", "type": "string"},
        "license": {"description": "SPDX identifier or expression of the newest version.", "type": "string"},
        "homepage": {"description": "Where to read more; may be absent.", "type": "string"},
        "versions": {
          "description": "Published versions by their semantic version (MAJOR.MINOR.PATCH with optional -prerelease).",
          "type": "object",
          "minProperties": 1,
          "propertyNames": {"pattern": "^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$"},
          "additionalProperties": {"$ref": "#/$defs/version"}
        }
      }
    },
    "version": {
      "type": "object",
      "required": ["archive", "sha256", "size", "abi", "host", "platform", "swift_toolchain", "requires", "provides", "yanked"],
      "additionalProperties": false,
      "properties": {
        "archive": {
          "description": "The .aipkg archive: a URL relative to the index's own URL (greeter-1.0.0.aipkg), or absolute (https://..., http://..., file://...).",
          "type": "string",
          "minLength": 1
        },
        "sha256": {"description": "SHA-256 of the whole archive, lower-case hex. Installs refuse an archive that hashes otherwise.", "type": "string", "pattern": "^[0-9a-f]{64}$"},
        "size": {"description": "Size of the archive in bytes; downloads stop as soon as they exceed it.", "type": "integer", "minimum": 1},
        "abi": {"description": "Plugin ABI versions the library runs on, as a semver range over MAJOR.MINOR.0 (a plugin built against ABI 1.2 runs on >=1.2.0 <2.0.0).", "type": "string", "minLength": 1},
        "host": {"description": "Host (aip/aipd) versions the plugin supports, as a semver range; * for any.", "type": "string", "minLength": 1},
        "platform": {"description": "Target triple the library was built for, e.g. x86_64-unknown-linux-gnu.", "type": "string", "minLength": 1},
        "swift_toolchain": {"description": "The Swift compiler that built a Swift plugin (hosts refuse any other one); null for a C plugin.", "type": ["string", "null"]},
        "requires": {
          "description": "Other packages this version needs installed, each with a semver range.",
          "type": "array",
          "items": {
            "type": "object",
            "required": ["name", "range"],
            "additionalProperties": false,
            "properties": {
              "name": {"description": "The required package's name.", "type": "string", "minLength": 1},
              "range": {"description": "Acceptable versions of it, as a semver range.", "type": "string", "minLength": 1}
            }
          }
        },
        "provides": {
          "description": "Capabilities the version provides, as NAME@VERSION, for search and for finding who provides what.",
          "type": "array",
          "items": {"type": "string", "pattern": "^[^@\\s]+@[^@\\s]+$"}
        },
        "description": {"description": "This version's own description, when it differs from the package's.", "type": "string"},
        "published": {"description": "When this version was added to the index (RFC 3339 UTC).", "type": "string"},
        "yanked": {"description": "A yanked version is never chosen for a new install; hosts that already have it (or pin or lock it) keep it.", "type": "boolean"},
        "yank_reason": {"description": "Why the version was yanked, shown to operators who still run it.", "type": "string"}
      }
    }
  }
}
"""#

    /// Compiled once. The text is a constant checked by the tests, so a failure here is a
    /// programming error in this file, not something a user can cause.
    static let compiled: JSONSchema = {
        do {
            return try JSONSchema(JSONParser.parse(text, source: "index.schema.json"))
        } catch {
            fatalError("the embedded marketplace index schema is invalid: \(error)")
        }
    }()
}
