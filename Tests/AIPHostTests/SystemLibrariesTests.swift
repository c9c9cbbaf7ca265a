@preconcurrency import CFFI
import CCurl
import CJansson
import CSQLite
import Foundation
import XCTest

/// The system-library modules plugins build on really link and work (not just compile).
final class SystemLibrariesTests: XCTestCase {
    func testSQLiteOpensAFileAndQueries() throws {
        let directory = try TemporaryDirectory()
        var database: OpaquePointer?
        XCTAssertEqual(sqlite3_open(directory.path + "/test.db", &database), SQLITE_OK)
        defer { sqlite3_close(database) }
        XCTAssertEqual(sqlite3_exec(database, "CREATE TABLE t(x INTEGER); INSERT INTO t VALUES (41);", nil, nil, nil), SQLITE_OK)
        var statement: OpaquePointer?
        XCTAssertEqual(sqlite3_prepare_v2(database, "SELECT x + 1 FROM t", -1, &statement, nil), SQLITE_OK)
        defer { sqlite3_finalize(statement) }
        XCTAssertEqual(sqlite3_step(statement), SQLITE_ROW)
        XCTAssertEqual(sqlite3_column_int64(statement, 0), 42)
    }

    func testCurlReportsItsVersionAndProtocols() throws {
        let info = try XCTUnwrap(curl_version_info(CURLVERSION_TENTH)) // CURLVERSION_NOW is a macro Swift cannot import
        XCTAssertGreaterThanOrEqual(info.pointee.version_num, 0x075800) // 7.88
        let version = String(cString: curl_version())
        XCTAssertTrue(version.contains("libcurl"), version)
    }

    func testJanssonRoundTrips() throws {
        var error = json_error_t()
        let text = #"{"a": [1, 2.5, "x"]}"#
        let value = try XCTUnwrap(json_loads(text, 0, &error))
        defer { json_decref(value) }
        let dumped = try XCTUnwrap(json_dumps(value, Int(JSON_COMPACT)))
        defer { free(dumped) }
        XCTAssertEqual(String(cString: dumped), #"{"a":[1,2.5,"x"]}"#)
    }

    func testLibffiCallsACFunction() {
        var cif = ffi_cif()
        var argumentTypes: [UnsafeMutablePointer<ffi_type>?] = [withUnsafeMutablePointer(to: &ffi_type_double) { $0 }]
        XCTAssertEqual(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, withUnsafeMutablePointer(to: &ffi_type_double) { $0 }, &argumentTypes), FFI_OK)
        let squareRoot: @convention(c) (Double) -> Double = { $0.squareRoot() }
        var argument = 81.0
        var result = 0.0
        withUnsafeMutablePointer(to: &argument) { pointer in
            var arguments: [UnsafeMutableRawPointer?] = [UnsafeMutableRawPointer(pointer)]
            ffi_call(&cif, unsafeBitCast(squareRoot, to: (@convention(c) () -> Void).self), &result, &arguments)
        }
        XCTAssertEqual(result, 9)
    }
}
