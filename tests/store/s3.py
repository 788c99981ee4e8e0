"""A local S3-compatible server for the storage tests: moto's server mode, in a child process.

A child process (``python -m moto.server``) rather than moto's in-process thread, so the store
under test talks real HTTP to another process, as it would to Ceph RGW, Garage or AWS, and so
tests that start ``reportgen`` as a child reach the same server.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass

import boto3

# Test-only credentials for the local fake server (boto3 insists on having some).
_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@dataclass
class Server:
    """A running moto server."""

    url: str
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        """Stop the child and wait for it."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start() -> Server:
    """Start ``moto.server`` on 127.0.0.1 and wait until it answers."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{url}/moto-api/", timeout=1).close()
            return Server(url, process)
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("moto server did not start") from None
            time.sleep(0.1)


def environment(url: str) -> dict[str, str]:
    """The variables that point the store (and boto3) at the test server."""
    return {**_ENV, "REPORTGEN_S3_ENDPOINT": url}


def client(url: str) -> object:
    """A boto3 S3 client of the test server (for checking what the store wrote)."""
    return boto3.client("s3", endpoint_url=url, **_client_args())


def _client_args() -> dict[str, str]:
    return {
        "aws_access_key_id": _ENV["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": _ENV["AWS_SECRET_ACCESS_KEY"],
        "region_name": _ENV["AWS_DEFAULT_REGION"],
    }


def new_bucket(url: str) -> str:
    """A fresh, empty bucket; its name."""
    name = f"reportgen-{os.urandom(4).hex()}"
    client(url).create_bucket(Bucket=name)  # type: ignore[attr-defined]
    return name
