"""Rebuild examples/output/ from the demo caseload, exactly as the code produces it.

    python examples/regenerate.py            # rewrite examples/output/
    python examples/regenerate.py --check    # exit 1 if the committed files differ

The demo is built with a fixed seed, "today" is pinned to Monday 2026-11-23
(COACH_TODAY) and report timestamps to SOURCE_DATE_EPOCH, so the output is
the same on every machine. The cron example's report command runs as written
(without the mail step) into weekly-mail.txt, the self-tracker's into self-mail.txt
(the demo's first client renamed 'me', the others archived); weekly-summary.* are the full
caseload report; the HTML script runs as written.
"""

from __future__ import annotations

import filecmp
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "output"
TODAY = "2026-11-23"
EPOCH = "1795420800"  # 2026-11-23T07:00:00Z


def coach() -> list[str]:
    script = Path(sys.executable).with_name("coach")
    return [str(script)] if script.exists() else [sys.executable, "-m", "coachcli"]


def mailed_command(crontab: str = "crontab") -> list[str]:
    """The arguments of a crontab's mailed report, as written, printing instead of mailing.

    Only ``--mail-to ADDRESS``, ``--subject TEXT`` and ``-q`` are left out: the rest is the
    command cron runs, and what it prints is the mail's body.
    """
    line = next(x for x in (HERE / crontab).read_text().splitlines() if "--mail-to" in x
                and not x.startswith("#"))
    words = shlex.split(line)
    words = words[words.index(next(w for w in words if w.endswith("/coach"))) + 1:]
    out: list[str] = []
    skip = 0
    for w in words:
        if skip:
            skip -= 1
        elif w in ("--mail-to", "--subject"):
            skip = 1
        elif w != "-q":
            out.append(w)
    return out


def build(target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        bindir = Path(tmp) / "bin"
        bindir.mkdir()
        launcher = bindir / "coach"
        launcher.write_text("#!/bin/sh\nexec " + " ".join(f"'{c}'" for c in coach()) + ' "$@"\n')
        launcher.chmod(0o755)
        env = {
            **os.environ,
            "COACH_DB": str(db),
            "COACH_TODAY": TODAY,
            "SOURCE_DATE_EPOCH": EPOCH,
            "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}",
            "COLUMNS": "80",
        }
        env.pop("COACH_CLIENT", None)
        subprocess.run([*coach(), "demo", "--db", str(db), "--seed", "1", "--no-report"], env=env,
                       check=True, capture_output=True)
        target.mkdir(parents=True, exist_ok=True)
        (target / "weekly-mail.txt").write_text(subprocess.run(
            [*coach(), *mailed_command()], env=env, check=True, capture_output=True, text=True,
        ).stdout)
        # A self-tracker's mail: one demo client tracking themselves (the others archived).
        self_db = Path(tmp) / "self.db"
        shutil.copy(db, self_db)
        self_env = {**env, "COACH_DB": str(self_db)}
        names = subprocess.run([*coach(), "client", "list", "--format", "json"], env=self_env,
                               check=True, capture_output=True, text=True).stdout
        for i, name in enumerate(c["name"] for c in json.loads(names)):
            command = ["client", "rename", name, "me"] if i == 0 else ["client", "archive", name]
            subprocess.run([*coach(), *command], env=self_env, check=True, capture_output=True)
        (target / "self-mail.txt").write_text(subprocess.run(
            [*coach(), *mailed_command("crontab-self")], env=self_env, check=True,
            capture_output=True, text=True,
        ).stdout)
        for name, fmt in (("weekly-summary.txt", "text"), ("weekly-summary.md", "markdown")):
            text = subprocess.run(
                [*coach(), "report", "--all", "--week", "last", "--format", fmt],
                env=env, check=True, capture_output=True, text=True,
            ).stdout
            (target / name).write_text(text)
        subprocess.run(["sh", str(HERE / "html-per-client.sh"), str(target / "html")], env=env,
                       check=True, capture_output=True)


def main() -> int:
    if "--check" in sys.argv:
        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp) / "output"
            build(fresh)
            diff = filecmp.dircmp(fresh, OUTPUT)
            stale = diff.diff_files + diff.left_only + diff.right_only
            for sub in diff.subdirs.values():
                stale += sub.diff_files + sub.left_only + sub.right_only
            if stale:
                print("examples/output is stale: " + ", ".join(sorted(stale)))
                return 1
            print("examples/output is current")
            return 0
    shutil.rmtree(OUTPUT, ignore_errors=True)
    build(OUTPUT)
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
