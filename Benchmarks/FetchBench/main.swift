import AIPBenchSupport
import AIPMarketFetch
import Foundation

// fetch-bench: what a 10 MiB archive costs to fetch over loopback HTTP and file://, next to the
// curl command line on the same server. Run it with `swift run -c release fetch-bench`.
// The server is Tests/AIPMarketFetchTests/Fixtures/range_server.py (Python, 256 KiB writes), so
// the HTTP rows include the server's own cost; the curl row shows how much of it that is.

#if DEBUG
print("warning: this is a debug build; run `swift run -c release fetch-bench` for meaningful figures\n")
#endif

let size = 10 * 1024 * 1024
let rounds = 7
let work = NSTemporaryDirectory() + "fetch-bench-\(getpid())"
try FileManager.default.createDirectory(atPath: work + "/served", withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: work) }
let archive = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
try Data(archive).write(to: URL(fileURLWithPath: work + "/served/archive.bin"))
let server = try LoopbackServer(root: work + "/served")
defer { server.stop() }

let downloader = Downloader(options: FetchOptions(backoffBase: .milliseconds(1), progress: .quiet, userAgent: "aip/bench"))
let first = try downloader.download(DownloadRequest(url: server.url("ok", "archive.bin"), maxSize: Int64(size)), to: work + "/warm.bin")
let request = { (modes: String) in
    DownloadRequest(url: server.url(modes, "archive.bin"), expectedSHA256: first.sha256, expectedSize: Int64(size), maxSize: Int64(size))
}
var rows: [BenchRow] = []

rows.append(BenchRow(name: "HTTP → file (libcurl, SHA-256, fsync, rename)", bytes: size, seconds: try medianSeconds(rounds) {
    _ = try downloader.download(request("ok"), to: work + "/http.bin")
}))
rows.append(BenchRow(name: "HTTP → memory (fetchBytes)", bytes: size, seconds: try medianSeconds(rounds) {
    _ = try downloader.fetchBytes(url: server.url("ok", "archive.bin"), maxSize: size)
}))
if let curl = ["/usr/bin/curl", "/usr/local/bin/curl"].first(where: FileManager.default.isExecutableFile) {
    rows.append(BenchRow(name: "HTTP → file, curl command line (no hash, no fsync)", bytes: size, seconds: try medianSeconds(rounds) {
        let process = try Process.run(URL(fileURLWithPath: curl), arguments: ["-sf", "-o", work + "/curl.bin", server.url("ok", "archive.bin")])
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchFailure("curl exited \(process.terminationStatus)") }
    }))
}
rows.append(BenchRow(name: "HTTP, server dies at 5 MiB, resumed", bytes: size, seconds: try medianSeconds(rounds) {
    // dieonce dies on the first request per URL only: a fresh query string per round makes it die every round.
    let result = try downloader.download(request("dieonce-5242880"), to: work + "/resumed.bin")
    guard result.resumed else { throw BenchFailure("the download was not resumed") }
}))
rows.append(BenchRow(name: "file:// → file", bytes: size, seconds: try medianSeconds(rounds) {
    _ = try downloader.download(DownloadRequest(url: "file://\(work)/served/archive.bin", expectedSHA256: first.sha256,
                                                maxSize: Int64(size)), to: work + "/file.bin")
}))
let cache = ContentCache(directory: work + "/cache")
_ = try cache.fetch(request("ok"), using: downloader)
rows.append(BenchRow(name: "cache hit (re-hash, no network)", bytes: size, seconds: try medianSeconds(rounds) {
    let hit = try cache.fetch(request("ok"), using: downloader)
    guard hit.attempts == 0 else { throw BenchFailure("expected a cache hit") }
}))

print("10 MiB archive over 127.0.0.1, median of \(rounds) rounds\n")
printTable(rows)
