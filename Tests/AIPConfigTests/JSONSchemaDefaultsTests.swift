import AIPConfig
import XCTest

final class JSONSchemaDefaultsTests: XCTestCase {
    func testFillsMissingProperties() {
        let schema = compileSchema(#"{"properties": {"greeting": {"default": "Hello"}, "step": {"default": 1}, "name": {}}}"#)
        XCTAssertEqual(schema.applyingDefaults(to: ["name": "x"]), ["name": "x", "greeting": "Hello", "step": 1])
    }

    func testNeverReplacesPresentValues() {
        let schema = compileSchema(#"{"properties": {"step": {"default": 1}, "flag": {"default": true}}}"#)
        XCTAssertEqual(schema.applyingDefaults(to: ["step": 5, "flag": nil]), ["step": 5, "flag": nil])
    }

    func testRecursesIntoPresentAndDefaultedObjects() {
        let schema = compileSchema(#"""
        {"properties": {
            "server": {"properties": {"port": {"default": 8080}, "host": {"default": "localhost"}}},
            "limits": {"default": {}, "properties": {"max": {"default": 10}}}
        }}
        """#)
        XCTAssertEqual(schema.applyingDefaults(to: ["server": ["host": "example.org"]]), [
            "server": ["host": "example.org", "port": 8080],
            "limits": ["max": 10],
        ])
    }

    func testDoesNotCreateObjectsWithoutADefault() {
        let schema = compileSchema(#"{"properties": {"server": {"properties": {"port": {"default": 8080}}}}}"#)
        XCTAssertEqual(schema.applyingDefaults(to: [:]), [:])
    }

    func testFollowsReferencesAndAllOf() {
        let schema = compileSchema(#"""
        {"allOf": [{"properties": {"retries": {"default": 3}}}],
         "properties": {"endpoint": {"$ref": "#/$defs/endpoint"}, "timeout": {"$ref": "#/$defs/seconds"}},
         "$defs": {"endpoint": {"properties": {"tls": {"default": false}}}, "seconds": {"default": 30}}}
        """#)
        XCTAssertEqual(schema.applyingDefaults(to: ["endpoint": [:]]), [
            "endpoint": ["tls": false], "timeout": 30, "retries": 3,
        ])
    }

    func testAppliesInsideArrayItems() {
        let schema = compileSchema(#"{"properties": {"routes": {"items": {"properties": {"method": {"default": "GET"}}}}}}"#)
        XCTAssertEqual(schema.applyingDefaults(to: ["routes": [["path": "/"], ["path": "/x", "method": "POST"]]]),
                       ["routes": [["path": "/", "method": "GET"], ["path": "/x", "method": "POST"]]])
    }

    func testLeavesNonObjectsAlone() {
        let schema = compileSchema(#"{"properties": {"a": {"default": 1}}}"#)
        XCTAssertEqual(schema.applyingDefaults(to: "text"), "text")
        XCTAssertEqual(compileSchema("true").applyingDefaults(to: [:]), [:])
    }

    func testSelfReferentialDefaultsTerminate() {
        let schema = compileSchema(##"{"properties": {"child": {"$ref": "#", "default": {}}}}"##)
        var depth = 0
        var current: JSONValue? = schema.applyingDefaults(to: [:])
        while let next = current?["child"] {
            depth += 1
            current = next
        }
        XCTAssertGreaterThan(depth, 1)
        XCTAssertLessThan(depth, 100)
    }
}
