"""The test bed's moto with cheap ranges (`S3Server(cheap_ranges=True)`, see `MOTO_SERVER`): what it keeps so that
a range costs moto its own size never changes an answer. Every range, and every whole read, is of the object as
last written, whichever object was read before it.

moto alone, no MLflow server, over plain HTTP."""

from __future__ import annotations

import os
from collections.abc import Iterator

import httpx
import pytest

from mlflow_server import S3Server

MIB = 1024 * 1024


@pytest.fixture(scope="module")
def moto() -> Iterator[httpx.Client]:
    s3 = S3Server(cheap_ranges=True)
    s3.start()
    try:
        s3.create_bucket("ranges")
        with httpx.Client(base_url=f"{s3.url}/ranges", timeout=60) as http:
            yield http
    finally:
        s3.stop()


def put(http: httpx.Client, key: str, data: bytes) -> None:
    # Public: moto checks no signature, but refuses an unsigned GET of a private object.
    assert http.put(f"/{key}", content=data, headers={"x-amz-acl": "public-read"}).status_code == 200


def ranged(http: httpx.Client, key: str, spec: str) -> bytes:
    answer = http.get(f"/{key}", headers={"Range": f"bytes={spec}"})
    assert answer.status_code == 206, answer.text
    return answer.content


def test_each_range_is_of_the_object_read(moto: httpx.Client) -> None:
    # Larger than moto's in-memory limit (just under 5 MiB): the object lives in a temporary file, as large ones do.
    first, other = os.urandom(6 * MIB), os.urandom(MIB)
    put(moto, "a", first)
    put(moto, "b", other)
    assert ranged(moto, "a", f"0-{MIB - 1}") == first[:MIB]
    assert ranged(moto, "a", f"{MIB}-{3 * MIB - 1}") == first[MIB : 3 * MIB]
    assert ranged(moto, "b", "10-19") == other[10:20]  # another object between two ranges of the first
    assert ranged(moto, "a", f"{5 * MIB}-") == first[5 * MIB :]
    assert ranged(moto, "a", "-100") == first[-100:]
    assert moto.get("/a").content == first


def test_a_range_after_a_write_is_of_the_new_bytes(moto: httpx.Client) -> None:
    before, after = os.urandom(6 * MIB), os.urandom(6 * MIB)
    put(moto, "c", before)
    assert ranged(moto, "c", f"0-{MIB - 1}") == before[:MIB]  # now the object read last
    put(moto, "c", after)
    assert ranged(moto, "c", f"0-{MIB - 1}") == after[:MIB]
    assert moto.get("/c").content == after
