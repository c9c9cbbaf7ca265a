#!/usr/bin/env python3
"""A misbehaving file server for the fetcher's tests (Python 3 standard library only).

Usage: range_server.py ROOT [CERT KEY]
  Serves the files in ROOT on 127.0.0.1, on a free port it prints as the first line of standard
  output; with a PEM certificate and key, over TLS (https).

A URL is /MODES/NAME[?ANYTHING]: NAME is a file in ROOT, MODES is one or more of these joined by '+':
  ok              serve normally (a Range request gets 206 Partial Content)
  dieonce-N       the first request for this URL (query included) closes the socket once the body reaches byte N of
                  the file; later requests are served normally
  dieat-N         every request closes the socket at byte N of the file (a resumed request starting
                  at or after N gets headers and no body)
  stall-N         send up to byte N of the file, then send nothing more (the socket stays open)
  slow-BPS        send at about BPS bytes per second
  notfound        answer 404
  status-CODE-K   answer CODE (e.g. 500, 503) to the first K requests for this URL, then serve normally
  wronglength     announce 1000 bytes more than the file has, send the file, close
  norange         ignore Range and always answer 200 with the whole file
  nolength        send no Content-Length; the body ends when the socket closes
  redirect        answer 302 to /ok/NAME
  grow            the K-th request for this URL serves the file with K extra bytes appended, under an
                  unchanged ETag (a server whose file changed without its validator changing)
GET /_log returns the requests seen so far (JSON: path, range, if_range, user_agent, status),
oldest first; /_log requests themselves are not logged.
"""
import json
import os
import socket
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT = sys.argv[1] if len(sys.argv) > 1 else "."
LOCK = threading.Lock()
LOG = []
COUNTS = {}
CHUNK = 256 * 1024


def parse_modes(text):
    modes = {}
    for part in text.split("+"):
        name, _, argument = part.partition("-")
        modes[name] = argument
    return modes


def parse_range(header, size):
    """(first, last) for 'bytes=A-' or 'bytes=A-B'; None when absent or not understood."""
    if not header or not header.startswith("bytes="):
        return None
    first_text, _, last_text = header[len("bytes="):].partition("-")
    if not first_text.isdigit():
        return None
    first = int(first_text)
    last = int(last_text) if last_text.isdigit() else size - 1
    return first, min(last, size - 1)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # keep test output clean
        pass

    def record(self, status):
        if self.path.startswith("/_"):
            return
        with LOCK:
            LOG.append({
                "path": self.path,
                "range": self.headers.get("Range"),
                "if_range": self.headers.get("If-Range"),
                "user_agent": self.headers.get("User-Agent"),
                "status": status,
            })

    def reply_empty(self, status, extra=()):
        self.record(status)
        self.send_response(status)
        for name, value in extra:
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.send_header("Connection", "close")
        self.end_headers()

    def do_GET(self):
        if self.path == "/_log":
            with LOCK:
                body = json.dumps(LOG).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
            return
        parts = self.path.partition("?")[0].lstrip("/").split("/", 1)
        if len(parts) != 2:
            return self.reply_empty(404)
        modes = parse_modes(parts[0])
        name = parts[1]
        with LOCK:
            COUNTS[self.path] = COUNTS.get(self.path, 0) + 1
            request_number = COUNTS[self.path]

        if "notfound" in modes:
            return self.reply_empty(404)
        if "redirect" in modes:
            return self.reply_empty(302, [("Location", "/ok/" + name)])
        if "status" in modes:
            code, _, times = modes["status"].partition("-")
            if request_number <= int(times or "1"):
                return self.reply_empty(int(code), [("Retry-After", "0")])

        path = os.path.join(ROOT, os.path.basename(name))
        try:
            with open(path, "rb") as handle:
                data = handle.read()
            info = os.stat(path)
        except OSError:
            return self.reply_empty(404)
        if "grow" in modes:
            data += b"+" * request_number
        size = len(data)
        etag = '"%x-%x"' % (os.path.getsize(path), info.st_mtime_ns)

        wanted = None if "norange" in modes else parse_range(self.headers.get("Range"), size)
        if wanted is not None:
            if_range = self.headers.get("If-Range")
            if if_range is not None and if_range != etag:
                wanted = None  # the client's copy is of another version: send the whole file
        if wanted is not None and wanted[0] >= size:
            return self.reply_empty(416, [("Content-Range", "bytes */%d" % size)])

        first, last = wanted if wanted is not None else (0, size - 1)
        status = 206 if wanted is not None else 200
        self.record(status)
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("ETag", etag)
        self.send_header("Accept-Ranges", "bytes")
        if status == 206:
            self.send_header("Content-Range", "bytes %d-%d/%d" % (first, last, size))
        body_length = last - first + 1
        if "wronglength" in modes:
            self.send_header("Content-Length", str(body_length + 1000))
        elif "nolength" not in modes:
            self.send_header("Content-Length", str(body_length))
        self.send_header("Connection", "close")
        self.end_headers()

        stop_at = last + 1  # absolute offset where sending ends
        die = False
        if "dieat" in modes:
            stop_at, die = min(stop_at, int(modes["dieat"])), True
        if "dieonce" in modes and request_number == 1:
            stop_at, die = min(stop_at, int(modes["dieonce"])), True
        stall = "stall" in modes
        if stall:
            stop_at = min(stop_at, int(modes["stall"]))
        rate = int(modes["slow"]) if "slow" in modes else None

        try:
            position = first
            while position < stop_at:
                step = min(CHUNK if rate is None else max(rate // 10, 1), stop_at - position)
                self.wfile.write(data[position:position + step])
                position += step
                if rate is not None:
                    time.sleep(0.1)
            if stall:
                self.wfile.flush()
                time.sleep(120)
            if die:
                self.connection.shutdown(socket.SHUT_RDWR)
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass
        self.close_connection = True


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if len(sys.argv) > 3:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[2], sys.argv[3])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
