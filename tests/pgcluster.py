"""A throwaway PostgreSQL cluster for the hub tests: initdb and pg_ctl in a temp directory.

The server listens only on a Unix socket in that directory (no TCP). PostgreSQL
refuses to run as root, so as root (CI) the cluster belongs to an unprivileged
user (``postgres`` when the Debian package made it, else ``nobody``). Without
``initdb``/``pg_ctl`` the tests that need it are skipped, saying so.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from helpers import memory_dir

ADMIN = "hubadmin"


def find_pg_bin() -> Path | None:
    """The directory holding ``initdb`` and ``pg_ctl``: $PATH first, then Debian's place."""
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).resolve().parent
    for found in sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True):
        if Path(found).with_name("pg_ctl").exists():
            return Path(found).parent
    return None


@dataclass
class Cluster:
    bindir: Path
    root: Path
    user: str | None  # who the server runs as, when started by root
    #: Numbers for the databases and roles tests make on this server, unique on it.
    names: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def socket_dir(self) -> str:
        return str(self.root)

    def url(self, dbname: str = "postgres", user: str = ADMIN) -> str:
        return f"postgresql://{user}@/{dbname}?host={self.socket_dir}"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.bindir / args[0]), *args[1:]], capture_output=True, text=True, check=False,
            user=self.user, env={**os.environ, "LC_ALL": "C.UTF-8"}, cwd=self.root,
        )

    def start(self) -> None:
        data = self.root / "data"
        init = self._run("initdb", "-D", str(data), "-U", ADMIN, "--auth=trust", "-E", "UTF8",
                         "--no-sync")
        if init.returncode != 0:
            raise RuntimeError(f"initdb failed: {init.stderr}")
        opts = f"-c listen_addresses='' -c unix_socket_directories={self.root} -c fsync=off"
        ctl = self._run("pg_ctl", "-D", str(data), "-o", opts, "-l", str(self.root / "log"),
                        "-w", "start")
        if ctl.returncode != 0:
            log = (self.root / "log").read_text() if (self.root / "log").exists() else ""
            raise RuntimeError(f"pg_ctl start failed: {ctl.stderr}{log}")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def start_cluster() -> Cluster:
    bindir = find_pg_bin()
    if bindir is None:
        raise FileNotFoundError("initdb/pg_ctl not found (install Debian's postgresql package)")
    root = Path(tempfile.mkdtemp(prefix="coach-pg-", dir=memory_dir()))
    user = None
    if os.geteuid() == 0:
        for name in ("postgres", "nobody"):
            try:
                entry = pwd.getpwnam(name)
            except KeyError:
                continue
            os.chown(root, entry.pw_uid, entry.pw_gid)
            user = name
            break
    cluster = Cluster(bindir, root, user)
    try:
        cluster.start()
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    return cluster
