"""A throwaway PostgreSQL cluster for the store's tests: started once per session, then removed.

``REPORTGEN_TEST_PG_URL`` names an existing server instead. Otherwise ``initdb`` (from PATH or
``/usr/lib/postgresql/*/bin``; ``scripts/test-services.sh`` installs it) creates a cluster in
a temporary folder, listening on 127.0.0.1 on a free port. As root the server runs as the
``postgres`` user, since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

DB_NAME = "reportgen_test"
USER = "reportgen"


class Unavailable(Exception):
    """Why no PostgreSQL server can be had (the tests skip with this reason)."""


@dataclass
class Cluster:
    """A running server and the URL of its test database."""

    url: str
    data: Path | None = None
    run_as: list[str] | None = None
    bindir: Path | None = None

    def schema_url(self, schema: str) -> str:
        """The URL with ``search_path`` set to ``schema`` (one schema per test keeps tests apart)."""
        sep = "&" if "?" in self.url else "?"
        return f"{self.url}{sep}options={quote(f'-csearch_path={schema}')}"

    def stop(self) -> None:
        """Stop the server and delete its files."""
        if self.data is None or self.bindir is None:
            return
        subprocess.run(
            [
                *(self.run_as or []),
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.data),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
            check=False,
            timeout=60,
        )
        shutil.rmtree(self.data.parent, ignore_errors=True)


def _bindir() -> Path:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name)
    )
    if not candidates:
        raise Unavailable(
            "PostgreSQL chưa được cài (không thấy initdb); chạy scripts/test-services.sh với quyền root"
        )
    return candidates[-1].parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start() -> Cluster:
    """Start a cluster (or use ``REPORTGEN_TEST_PG_URL``); raise :class:`Unavailable` if impossible."""
    given = os.environ.get("REPORTGEN_TEST_PG_URL")
    if given:
        return Cluster(given)
    bindir = _bindir()
    run_as: list[str] = []
    base = Path(tempfile.mkdtemp(prefix="reportgen-pg-"))
    if os.geteuid() == 0:
        try:
            account = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(base)
            raise Unavailable(
                "chạy với quyền root nhưng không có người dùng 'postgres' để chạy máy chủ"
            ) from None
        os.chown(base, account.pw_uid, account.pw_gid)
        runuser = shutil.which("runuser")
        if not runuser:
            shutil.rmtree(base)
            raise Unavailable(
                "chạy với quyền root nhưng không có lệnh runuser để đổi sang người dùng 'postgres'"
            )
        run_as = [runuser, "-u", "postgres", "--"]
    data = base / "data"
    port = _free_port()
    steps = [
        [str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", USER, "-E", "UTF8", "--no-locale", "--no-sync"],
        [
            str(bindir / "pg_ctl"), "-D", str(data), "-l", str(base / "log"), "-w", "-t", "60", "-o",
            f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off -c synchronous_commit=off",
            "start",
        ],
        [str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", USER, DB_NAME],
    ]  # fmt: skip
    cluster = Cluster(
        f"postgresql+psycopg://{USER}@127.0.0.1:{port}/{DB_NAME}", data, run_as, bindir
    )
    for step in steps:
        done = subprocess.run(
            [*run_as, *step], capture_output=True, text=True, check=False, timeout=120, cwd=base
        )
        if done.returncode != 0:
            cluster.stop()
            raise Unavailable(
                f"không khởi động được PostgreSQL ({Path(step[0]).name}): {done.stderr.strip()[:300]}"
            )
    return cluster


@contextlib.contextmanager
def schema(cluster: Cluster) -> Iterator[str]:
    """A fresh, empty schema for one test; yields the URL that uses it, drops it afterwards."""
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    plain = cluster.url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    try:
        yield cluster.schema_url(name)
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {name} CASCADE")
