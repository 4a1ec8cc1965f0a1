"""A fake Google Cloud Storage on loopback, in pure stdlib, speaking the few XML-API calls obstore's GCS store makes.

No GCS emulator that installs from the package index answers obstore: `gcp-storage-emulator` sends no `ETag` for
an uploaded object and `fake-gcs-server` (as its wheel bundles it) has no XML-API upload, and obstore refuses both.
So the stores' GCS tests run against this fake, which holds one bucket's objects in memory and answers, as GCS
does: a whole upload (`PUT`), a multipart upload (`POST ?uploads`, `PUT ?partNumber&uploadId`, `POST ?uploadId`,
`DELETE ?uploadId`), a read (`GET`, with `Range` and `If-Match`) and a listing (`GET ?list-type=2` with a prefix
and a delimiter). Anything else is answered 501, so a new call of obstore's shows up as a failing test.

`requests` lists (method, path with query) of every request; `uploads` the multipart uploads neither completed
nor aborted. Reach it with `service_account_file()`, a service-account file of obstore's for emulators (its base
URL, no OAuth).
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import parse_qs, unquote, urlsplit
from xml.sax.saxutils import escape

__all__ = ["FakeGCS"]


class FakeGCS:
    def __init__(self, bucket: str) -> None:
        self.bucket = bucket
        self.objects: dict[str, bytes] = {}
        self.uploads: dict[str, dict[int, bytes]] = {}
        self.requests: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-gcs", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def service_account_file(self, folder: Path, url: str | None = None) -> Path:
        """A service-account file that sends obstore to `url` (this fake, or a proxy in front of it)."""
        path = folder / "fake-gcs-service-account.json"
        account = {"gcs_base_url": url or self.url, "disable_oauth": True}
        account |= {"client_email": "", "private_key": "", "private_key_id": ""}
        path.write_text(json.dumps(account), encoding="utf-8")
        return path

    def start(self) -> FakeGCS:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeGCS:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()


def _etag(data: bytes) -> str:
    return '"' + hashlib.md5(data, usedforsecurity=False).hexdigest() + '"'


def _handler_for(fake: FakeGCS) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass  # quiet

        def _answer(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _error(self, status: int, code: str) -> None:
            self._answer(status, f"<Error><Code>{code}</Code></Error>".encode(), {"Content-Type": "application/xml"})

        def _parts(self) -> tuple[str, dict[str, str]]:
            """The object's key ("" for the bucket itself) and the query; a bucket other than the fake's raises."""
            split = urlsplit(self.path)
            bucket, _, key = split.path.lstrip("/").partition("/")
            if unquote(bucket) != fake.bucket:
                raise LookupError(bucket)
            query = {name: values[0] for name, values in parse_qs(split.query, keep_blank_values=True).items()}
            return unquote(key), query

        def _body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def _handle(self) -> None:
            with fake.lock:
                fake.requests.append((self.command, self.path))
            body = self._body()
            try:
                key, query = self._parts()
            except LookupError:
                self._error(404, "NoSuchBucket")
                return
            with fake.lock:
                self._route(key, query, body)

        def _route(self, key: str, query: dict[str, str], body: bytes) -> None:
            method = self.command
            if method == "GET" and not key and query.get("list-type") == "2":
                self._list(query)
            elif method in ("GET", "HEAD") and key and not query:
                self._get(key)
            elif method == "PUT" and key and not query:
                fake.objects[key] = body
                self._answer(200, headers={"ETag": _etag(body)})
            elif method == "POST" and key and "uploads" in query:
                upload_id = f"u{len(fake.requests)}"
                fake.uploads[upload_id] = {}
                result = (
                    f"<InitiateMultipartUploadResult><Bucket>{escape(fake.bucket)}</Bucket><Key>{escape(key)}</Key>"
                    f"<UploadId>{upload_id}</UploadId></InitiateMultipartUploadResult>"
                )
                self._answer(200, result.encode(), {"Content-Type": "application/xml"})
            elif method == "PUT" and "partNumber" in query and query.get("uploadId") in fake.uploads:
                fake.uploads[query["uploadId"]][int(query["partNumber"])] = body
                self._answer(200, headers={"ETag": _etag(body)})
            elif method == "POST" and query.get("uploadId") in fake.uploads:
                parts = fake.uploads.pop(query["uploadId"])
                numbers = [int(n) for n in re.findall(r"<PartNumber>(\d+)</PartNumber>", body.decode())]
                if not numbers or any(n not in parts for n in numbers):
                    self._error(400, "InvalidPart")
                    return
                fake.objects[key] = data = b"".join(parts[n] for n in numbers)
                etag = escape(_etag(data))
                result = f"<CompleteMultipartUploadResult><ETag>{etag}</ETag></CompleteMultipartUploadResult>"
                self._answer(200, result.encode(), {"Content-Type": "application/xml"})
            elif method == "DELETE" and query.get("uploadId") in fake.uploads:
                del fake.uploads[query["uploadId"]]
                self._answer(204)
            else:
                self._error(501, "NotImplemented")

        def _get(self, key: str) -> None:
            data = fake.objects.get(key)
            if data is None:
                self._error(404, "NoSuchKey")
                return
            headers = {"ETag": _etag(data), "Last-Modified": formatdate(usegmt=True)}
            if self.headers.get("If-Match") not in (None, headers["ETag"]):
                self._error(412, "PreconditionFailed")
                return
            ranged = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range") or "")
            if not ranged:
                self._answer(200, data, headers)
                return
            start = int(ranged[1])
            end = min(int(ranged[2]) if ranged[2] else len(data) - 1, len(data) - 1)
            headers["Content-Range"] = f"bytes {start}-{end}/{len(data)}"
            self._answer(206, data[start : end + 1], headers)

        def _list(self, query: dict[str, str]) -> None:
            prefix, delimiter = query.get("prefix", ""), query.get("delimiter", "")
            contents, prefixes = [], set()
            for key, data in sorted(fake.objects.items()):
                if not key.startswith(prefix):
                    continue
                rest = key[len(prefix) :]
                if delimiter and delimiter in rest:
                    prefixes.add(prefix + rest.split(delimiter, 1)[0] + delimiter)
                    continue
                contents.append(
                    f"<Contents><Key>{escape(key)}</Key><Size>{len(data)}</Size>"
                    f"<LastModified>2026-01-01T00:00:00.000Z</LastModified>"
                    f"<ETag>{escape(_etag(data))}</ETag></Contents>"
                )
            common = "".join(f"<CommonPrefixes><Prefix>{escape(p)}</Prefix></CommonPrefixes>" for p in sorted(prefixes))
            result = (
                f"<ListBucketResult><Name>{escape(fake.bucket)}</Name><Prefix>{escape(prefix)}</Prefix>"
                f"<KeyCount>{len(contents) + len(prefixes)}</KeyCount><IsTruncated>false</IsTruncated>"
                f"{''.join(contents)}{common}</ListBucketResult>"
            )
            self._answer(200, result.encode(), {"Content-Type": "application/xml"})

        do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _handle

    return Handler
