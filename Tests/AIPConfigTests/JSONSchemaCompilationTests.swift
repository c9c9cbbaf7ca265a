import AIPConfig
import XCTest

/// Schemas that must be rejected when compiled, with the keyword and place named.
final class JSONSchemaCompilationTests: XCTestCase {
    func testSchemaMustBeObjectOrBoolean() {
        XCTAssertEqual(schemaFailure(#""string""#)?.description,
                       "invalid schema at #: a schema must be an object or a boolean, got string")
        XCTAssertEqual(schemaFailure(#"{"properties": {"a": 5}}"#)?.description,
                       "invalid schema at #/properties/a: a schema must be an object or a boolean, got integer")
    }

    func testWrongTypedKeywordValues() {
        let cases: [(String, String)] = [
            (#"{"type": 5}"#, #"invalid schema at #: "type" must be a type name or a non-empty array of type names, got integer"#),
            (#"{"type": "strng"}"#, #"invalid schema at #: "type" names unknown type "strng" (known types: null, boolean, integer, number, string, array, object)"#),
            (#"{"type": ["string", "string"]}"#, #"invalid schema at #: "type" must not repeat "string""#),
            (#"{"enum": "a"}"#, #"invalid schema at #: "enum" must be an array, got string"#),
            (#"{"minLength": -1}"#, #"invalid schema at #: "minLength" must be a non-negative integer, got integer -1"#),
            (#"{"maxItems": 1.5}"#, #"invalid schema at #: "maxItems" must be a non-negative integer, got number 1.5"#),
            (#"{"minProperties": "2"}"#, #"invalid schema at #: "minProperties" must be a non-negative integer, got string"#),
            (#"{"minimum": "0"}"#, #"invalid schema at #: "minimum" must be a number, got string"#),
            (#"{"exclusiveMaximum": true}"#, #"invalid schema at #: "exclusiveMaximum" must be a number, got boolean"#),
            (#"{"multipleOf": 0}"#, #"invalid schema at #: "multipleOf" must be greater than 0, got 0"#),
            (#"{"pattern": 1}"#, #"invalid schema at #: "pattern" must be a string, got integer"#),
            (#"{"pattern": "(unclosed"}"#, #"invalid schema at #: "pattern" contains an invalid regular expression "(unclosed""#),
            (#"{"patternProperties": {"[": {}}}"#, #"invalid schema at #: "patternProperties" contains an invalid regular expression "[""#),
            (#"{"required": "name"}"#, #"invalid schema at #: "required" must be an array of strings, got string"#),
            (#"{"required": ["a", 1]}"#, #"invalid schema at #: "required" must be an array of strings, but contains integer 1"#),
            (#"{"required": ["a", "a"]}"#, #"invalid schema at #: "required" must not repeat "a""#),
            (#"{"properties": []}"#, #"invalid schema at #: "properties" must be an object, got array"#),
            (#"{"items": [{}]}"#, #"invalid schema at #: "items" must be a schema (use "prefixItems" for per-position schemas), got array"#),
            (#"{"prefixItems": {}}"#, #"invalid schema at #: "prefixItems" must be a non-empty array of schemas, got object"#),
            (#"{"anyOf": []}"#, #"invalid schema at #: "anyOf" must be a non-empty array of schemas, got an empty array"#),
            (#"{"uniqueItems": "yes"}"#, #"invalid schema at #: "uniqueItems" must be a boolean, got string"#),
            (#"{"format": 3}"#, #"invalid schema at #: "format" must be a string, got integer"#),
            (#"{"dependentRequired": {"a": "b"}}"#, #"invalid schema at #: "dependentRequired" must map each property to an array of property names"#),
            (#"{"$defs": {"x": 3}}"#, "invalid schema at #/$defs/x: a schema must be an object or a boolean, got integer"),
            (#"{"$ref": 3}"#, #"invalid schema at #: "$ref" must be a string, got integer"#),
        ]
        for (schema, expected) in cases {
            XCTAssertEqual(schemaFailure(schema)?.description, expected, schema)
        }
    }

    func testErrorsInSubschemasNameTheirPointer() {
        XCTAssertEqual(schemaFailure(#"{"properties": {"a/b": {"items": {"minimum": "x"}}}}"#)?.description,
                       #"invalid schema at #/properties/a~1b/items: "minimum" must be a number, got string"#)
        XCTAssertEqual(schemaFailure(#"{"anyOf": [{}, {"maxLength": null}]}"#)?.description,
                       #"invalid schema at #/anyOf/1: "maxLength" must be a non-negative integer, got null"#)
    }

    func testErrorExposesItsParts() {
        let error = schemaFailure(#"{"not": {"type": 1}}"#)
        XCTAssertEqual(error?.schemaPath, "#/not")
        XCTAssertEqual(error?.keyword, "type")
        XCTAssertEqual(error?.message, "must be a type name or a non-empty array of type names, got integer")
    }

    func testUnresolvableReferences() {
        XCTAssertEqual(schemaFailure(##"{"$ref": "#/$defs/missing"}"##)?.description,
                       #"invalid schema at #: "$ref" points to #/$defs/missing, which is not a schema in this document"#)
        XCTAssertEqual(schemaFailure(#"{"$ref": "other.json#/a"}"#)?.description,
                       ##"invalid schema at #: "$ref" must be a local reference such as "#/$defs/name", got "other.json#/a""##)
        XCTAssertEqual(schemaFailure(##"{"$ref": "#/properties"}"##)?.description,
                       #"invalid schema at #: "$ref" points to #/properties, which is not a schema in this document"#)
    }

    func testKeywordsThatWouldBeSilentlyIgnoredAreRefused() {
        XCTAssertEqual(schemaFailure(#"{"unevaluatedProperties": false}"#)?.description,
                       #"invalid schema at #: "unevaluatedProperties" is not supported by this validator"#)
        XCTAssertEqual(schemaFailure(#"{"items": {"dependencies": {}}}"#)?.description,
                       #"invalid schema at #/items: "dependencies" is not supported by this validator"#)
    }

    func testUnknownKeywordsAreIgnored() {
        XCTAssertEqual(violationMessages(compileSchema(#"{"x-ui-widget": "slider", "type": "integer"}"#), "1"), [])
    }

    func testIntegralDoublesAreAcceptedAsCounts() {
        XCTAssertEqual(violationMessages(compileSchema(#"{"minLength": 2.0}"#), #""a""#),
                       ["expected at least 2 characters, got 1 character"])
    }
}
