"""A loopback HTTP server for the fetcher's tests: serves one generated body in misbehaving ways.

    python3 range_server.py SIZE      prints its port, then serves until killed.

Every path is /MODE/NAME; the body is SIZE pseudo-random bytes, identical for every request.
  /ok/...            200, honours Range with 206
  /die-once/...      the first request sends half the body and drops the connection; later ones behave
  /die-always/...    every request drops the connection after half the body
  /stall/...         sends a few bytes then stops sending, keeping the connection open
  /missing/...       404
  /flaky/...         500 on the first request, then ok
  /no-range/...      ignores Range and always answers 200 with the whole body
  /log               the Range headers received so far, one per line ("-" for none)
"""
import http.server, random, socketserver, sys, threading, time

SIZE = int(sys.argv[1])
BODY = random.Random(42).randbytes(SIZE)
seen = {}
ranges = []
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        parts = self.path.strip("/").split("/")
        mode = parts[0]
        if mode == "log":
            text = "\n".join(ranges).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(text)))
            self.end_headers()
            self.wfile.write(text)
            return
        with lock:
            count = seen.get(self.path, 0)
            seen[self.path] = count + 1
            ranges.append(self.headers.get("Range") or "-")
        if mode == "missing":
            self.send_error(404)
            return
        if mode == "flaky" and count == 0:
            self.send_error(500)
            return
        start = 0
        header = self.headers.get("Range")
        if header and mode != "no-range" and header.startswith("bytes="):
            start = int(header[6:].split("-")[0])
        if start >= SIZE and start > 0:
            self.send_response(416)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = BODY[start:]
        self.send_response(206 if start > 0 else 200)
        if start > 0:
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, SIZE - 1, SIZE))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if mode == "stall":
            self.wfile.write(body[:16])
            self.wfile.flush()
            time.sleep(30)
            return
        if mode == "die-always" or (mode == "die-once" and count == 0):
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.connection.shutdown(2)
            self.close_connection = True
            return
        self.wfile.write(body)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


server = Server(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
