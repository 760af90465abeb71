"""Time coachcli's commands, side by side with Python itself and peers, and check the targets.

Usage:
    python bench/run.py                 # 50- and 200-client data sets (730 days each)
    python bench/run.py --scale 1000    # and the 1,000-client data set
    python bench/run.py --quick         # 7 runs, the 50-client data set only
    python bench/run.py --install-peers # pip-install jrnl into bench/data/peers first
    python bench/run.py --only io       # only some groups (start-up, scale, report, io); repeatable

It builds its databases with ``coach demo --clients N --days 730`` under
``bench/data/`` (kept between runs; ``--rebuild`` builds them again, which also
times the largest build), then times whole commands as a user runs them: a
fresh process each time, one warm-up run, then the commands of a group run in
turn (round-robin), so that a noisy machine slows each of them alike and the
ratios hold. Every row has its median wall time and the peak resident memory
of its process (``/usr/bin/time -f %M`` in one extra run: a child's own
``ru_maxrss`` starts from its parent's, the bench's, and would hide small
figures; without /usr/bin/time it is that upper bound). The floor is
``python -I -c "import sqlite3"``: what any Python program that opens SQLite
costs here. Targets are judged on wall time; each line also gives the same
ratio in CPU time (user + system), which a busy machine (other processes,
another's fsyncs) disturbs far less. A PASS/MISS line follows per target. Timings are never asserted
in the test suite: machines are noisy, the ratios here are what count.

Peers: ``jrnl`` (a Python journaling CLI) and ``task`` (Taskwarrior, C++) are
found on PATH, or jrnl in bench/data/peers after --install-peers; each runs
against its own throw-away data directory.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
TODAY = "2026-11-22"
DAYS = 730
SMALL, MEDIUM = 50, 200
#: The groups of commands, each timed round-robin on its own; ``--only`` picks some.
GROUPS = ("start-up", "scale", "report", "io")


def coach_command() -> list[str]:
    """The installed ``coach`` script next to this interpreter, else ``python -m coachcli``."""
    script = Path(sys.executable).with_name("coach")
    return [str(script)] if script.exists() else [sys.executable, "-m", "coachcli"]


def clean_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    # Bytecode caching must be on, as on a user's machine.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("COACH_DB", None)
    env["COLUMNS"] = "100"  # help as on a usual terminal, whatever runs the bench
    env.update(extra)
    return env


TIME = Path("/usr/bin/time")


def run_once(cmd: Sequence[str], env: dict[str, str],
             cwd: Path | None = None) -> tuple[float, float, float]:
    """(wall seconds, peak resident MiB, CPU seconds) of one fresh process; exits on failure."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {err.decode(errors='replace')[-500:]}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def peak_mib(cmd: Sequence[str], env: dict[str, str]) -> float | None:
    """Peak resident MiB of one run of ``cmd`` under /usr/bin/time, None without it."""
    if not TIME.exists():
        return None
    with tempfile.NamedTemporaryFile("r") as out:
        run_once([str(TIME), "-f", "%M", "-o", out.name, *cmd], env)
        return int(out.read().split()[-1]) / 1024


@dataclass
class Row:
    name: str
    cmd: list[str]
    env: dict[str, str]
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak: float = 0.0

    @property
    def ms(self) -> float:
        return 1000 * statistics.median(self.seconds)

    @property
    def cpu_ms(self) -> float:
        return 1000 * statistics.median(self.cpu)

    def add(self, seconds: float, mib: float, cpu: float) -> None:
        self.seconds.append(seconds)
        self.cpu.append(cpu)
        self.peak = max(self.peak, mib)

    def line(self) -> str:
        return f"  {self.name:<34} {self.ms:9.1f} ms {self.cpu_ms:9.1f} ms {self.peak:7.1f} MiB"


class Bench:
    def __init__(self, runs: int) -> None:
        self.runs = runs
        self.rows: dict[str, Row] = {}
        self.lines: list[str] = []
        self.misses = 0

    def group(self, rows: Sequence[tuple[str, list[str], dict[str, str]]], runs: int | None = None) -> None:
        """Time ``rows`` round-robin: one warm-up each, then ``runs`` turns."""
        group = [Row(name, cmd, env) for name, cmd, env in rows]
        for row in group:
            run_once(row.cmd, row.env)
        for _ in range(runs or self.runs):
            for row in group:
                row.add(*run_once(row.cmd, row.env))
        for row in group:
            peak = peak_mib(row.cmd, row.env)
            if peak is not None:
                row.peak = peak
            self.rows[row.name] = row
            print(row.line(), flush=True)

    def once(self, name: str, seconds: float, mib: float, cpu: float) -> None:
        row = Row(name, [], {})
        row.add(seconds, mib, cpu)
        self.rows[name] = row
        print(row.line(), flush=True)

    def ms(self, name: str) -> float:
        return self.rows[name].ms

    def has(self, *names: str) -> bool:
        return all(n in self.rows for n in names)

    def target(self, ok: bool, text: str) -> None:
        self.misses += not ok
        line = f"{'PASS' if ok else 'MISS'}  {text}"
        self.lines.append(line)

    def skip(self, text: str) -> None:
        self.lines.append(f"SKIP  {text}")

    def ratio(self, top: str, bottom: str, limit: float, label: str | None = None) -> None:
        if not self.has(top, bottom):
            self.skip(f"{label or top}: not measured in this run")
            return
        r = self.ms(top) / self.ms(bottom)
        cpu = self.rows[top].cpu_ms / self.rows[bottom].cpu_ms
        self.target(r <= limit, f"{label or f'{top} / {bottom}'} = {r:.2f} (target <= {limit}; "
                    f"CPU time {cpu:.2f})")

    def limit(self, name: str, seconds: float, mib: float | None = None, label: str | None = None) -> None:
        if not self.has(name):
            self.skip(f"{label or name}: not measured in this run")
            return
        row = self.rows[name]
        ok = row.ms / 1000 <= seconds and (mib is None or row.peak <= mib)
        memory = f", {row.peak:.0f} MiB" if mib is not None else ""
        target = f"<= {seconds} s" + (f", <= {mib} MiB" if mib is not None else "")
        self.target(ok, f"{label or name}: {row.ms / 1000:.2f} s{memory} (target {target}; "
                    f"CPU time {row.cpu_ms / 1000:.2f} s)")


def dataset(clients: int) -> Path:
    return DATA / f"c{clients}x{DAYS}.db"


def build(clients: int, env: dict[str, str], rebuild: bool) -> tuple[float, float, float] | None:
    """Build a demo data set unless it is there; :func:`run_once`'s figures, None if reused."""
    db = dataset(clients)
    if rebuild:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    if db.exists():
        return None
    db.parent.mkdir(parents=True, exist_ok=True)
    print(f"  building {db.name} ...", flush=True)
    return run_once([*coach_command(), "demo", "--db", str(db), "--no-report",
                     "--clients", str(clients), "--days", str(DAYS)], env)


def pick(db: Path) -> tuple[int, str, int]:
    """(an active scheduled step, the client with most goals, the number of actions) of ``db``."""
    conn = sqlite3.connect(db)
    step = conn.execute(
        "SELECT s.id FROM steps s JOIN goals g ON g.id = s.goal_id JOIN clients c ON c.id = g.client_id"
        " WHERE s.status = 'active' AND g.status = 'active' AND c.archived_on IS NULL"
        " AND s.schedule IS NOT NULL ORDER BY s.id LIMIT 1"
    ).fetchone()[0]
    name = conn.execute(
        "SELECT c.name FROM clients c JOIN goals g ON g.client_id = c.id WHERE c.archived_on IS NULL"
        " GROUP BY c.id ORDER BY count(*) DESC, c.id LIMIT 1"
    ).fetchone()[0]
    actions = conn.execute("SELECT count(*) FROM actions").fetchone()[0]
    conn.close()
    return int(step), str(name), int(actions)


#: The timeline set: a quarter of the steps with a plan become measured ones, half "at least",
#: half "at most"; a fifth have an earlier plan.
TIMELINE_SQL = """
UPDATE steps SET schedule = CASE WHEN id % 8 = 0 THEN 'at least 20 km/week' ELSE 'at most 2 coffees/day' END
 WHERE schedule IS NOT NULL AND id % 4 = 0;
UPDATE step_plans SET schedule = CASE WHEN step_id % 8 = 0 THEN 'at least 20 km/week'
 ELSE 'at most 2 coffees/day' END WHERE schedule IS NOT NULL AND step_id % 4 = 0;
-- A run not logged is silence; a coffee day "missed" becomes 3 coffees (over the limit).
DELETE FROM actions WHERE kind = 'missed' AND step_id % 8 = 0;
UPDATE actions SET kind = 'done', count = 1, amount = 3 WHERE kind = 'missed' AND step_id % 4 = 0;
UPDATE actions SET count = 1, amount = CASE WHEN step_id % 8 = 0 THEN 1 + (id * 7 % 60) / 10.0
 ELSE id % 4 END WHERE kind = 'done' AND step_id % 4 = 0 AND amount IS NULL;
-- A fifth of the steps with a plan changed it eight weeks ago (the demo's steps never do): the
-- report then reads two plans, each judging its own days, as after "coach step edit --from".
INSERT INTO step_plans (step_id, ends_on, schedule, start_date, uuid, created_at, updated_at, title)
SELECT id, date(:today, '-57 days'), CASE WHEN schedule LIKE 'at %' THEN schedule ELSE 'every day' END,
       start_date, lower(hex(randomblob(16))), :stamp, :stamp, title
  FROM steps WHERE schedule IS NOT NULL AND id % 5 = 1 AND start_date < date(:today, '-57 days')
   AND (dropped_on IS NULL OR dropped_on > date(:today, '-57 days'));
"""


def timeline(clients: int, env: dict[str, str], rebuild: bool) -> Path:
    """The ``clients`` data set with a quarter of its steps measured and a fifth replanned (kept)."""
    source, db = dataset(clients), DATA / f"c{clients}x{DAYS}-timeline.db"
    if db.exists() and not rebuild:
        return db
    print(f"  building {db.name} ...", flush=True)
    # Any command brings the data set to the current schema first (the amount column).
    run_once([*coach_command(), "client", "list", "--format", "text"], {**env, "COACH_DB": str(source)})
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    src, dst = sqlite3.connect(source), sqlite3.connect(db)
    src.backup(dst)
    src.close()
    with dst:
        for statement in TIMELINE_SQL.split(";\n"):
            if statement.strip():
                dst.execute(statement, {"today": TODAY, "stamp": f"{TODAY}T09:00:00.000Z"})
    dst.close()
    return db


def measured_step(db: Path) -> int:
    """An active measured step of an active goal (for ``done --amount``)."""
    conn = sqlite3.connect(db)
    step = conn.execute(
        "SELECT s.id FROM steps s JOIN goals g ON g.id = s.goal_id JOIN clients c ON c.id = g.client_id"
        " WHERE s.status = 'active' AND g.status = 'active' AND c.archived_on IS NULL"
        " AND s.schedule LIKE 'at least %' ORDER BY s.id LIMIT 1"
    ).fetchone()[0]
    conn.close()
    return int(step)


def jrnl_command(install: bool) -> list[str] | None:
    local = DATA / "peers" / "bin" / "jrnl"
    if install and not local.exists():
        subprocess.run([sys.executable, "-m", "venv", str(DATA / "peers")], check=True)
        subprocess.run([str(DATA / "peers" / "bin" / "pip"), "install", "-q", "jrnl"], check=True,
                       capture_output=True)
    for candidate in (str(local), shutil.which("jrnl")):
        if candidate and Path(candidate).exists():
            return [candidate]
    return None


def jrnl_env(root: Path) -> dict[str, str]:
    config = root / "config" / "jrnl"
    config.mkdir(parents=True, exist_ok=True)
    (config / "jrnl.yaml").write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: false\n"
        "indent_character: '|'\n"
        f"journals: {{default: {{journal: {root / 'journal.txt'}}}}}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%F %r'\nversion: v4.6\n"
    )
    return clean_env(XDG_CONFIG_HOME=str(root / "config"), XDG_DATA_HOME=str(root / "data"))


def task_env(root: Path) -> dict[str, str]:
    rc = root / "taskrc"
    rc.write_text(f"data.location={root / 'task'}\nconfirmation=off\nverbose=nothing\n")
    (root / "task").mkdir(exist_ok=True)
    return clean_env(TASKRC=str(rc), TASKDATA=str(root / "task"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=MEDIUM,
                        help=f"largest caseload, in clients (default {MEDIUM}; 1000 for every target)")
    parser.add_argument("--runs", type=int, default=21, help="timed runs per command (default 21)")
    parser.add_argument("--quick", action="store_true", help="7 runs, the 50-client data set only")
    parser.add_argument("--install-peers", action="store_true", help="pip-install jrnl for comparison")
    parser.add_argument("--rebuild", action="store_true", help="rebuild (and time) the data sets")
    parser.add_argument("--only", action="append", choices=GROUPS, metavar="GROUP",
                        help=f"time only this group ({', '.join(GROUPS)}; repeatable); the targets "
                        "of the others are skipped")
    opts = parser.parse_args()
    wanted = set(opts.only or GROUPS)
    runs = 7 if opts.quick else opts.runs
    slow_runs = max(3, runs // 4)
    env = clean_env(COACH_TODAY=TODAY)
    coach = coach_command()
    sizes = [SMALL] if opts.quick else sorted({SMALL, MEDIUM, max(opts.scale, MEDIUM)})
    bench = Bench(runs)

    print(f"coach: {' '.join(coach)}   python: {sys.version.split()[0]}   "
          f"runs: {runs} (medians; slow commands {slow_runs})   cpus: {os.cpu_count()}")
    builds: dict[int, tuple[float, float, float] | None] = {}
    for n in sizes:
        builds[n] = build(n, env, opts.rebuild)
    picks = {n: pick(dataset(n)) for n in sizes}
    timeline_sets = {n: timeline(n, env, opts.rebuild) for n in sizes}
    for n in sizes:
        step, client, actions = picks[n]
        print(f"  {dataset(n).name}: {actions:,} actions; timing step {step}, client {client}")
    largest = sizes[-1]
    if builds[largest] is not None:
        bench.once(f"demo --clients {largest}", *builds[largest])  # type: ignore[misc]

    def on(n: int) -> dict[str, str]:
        return {**env, "COACH_DB": str(dataset(n))}

    def on_timeline(n: int) -> dict[str, str]:
        return {**env, "COACH_DB": str(timeline_sets[n])}

    print(f"\n  {'':<34} {'wall':>12} {'CPU':>12} {'peak RSS':>11}")
    step, client, _ = picks[SMALL]
    if "start-up" in wanted:
        print("Start-up (round-robin):")
        bench.group([
            ("python -I -c 'import sqlite3'", [sys.executable, "-I", "-c", "import sqlite3"], env),
            ("python -c pass", [sys.executable, "-c", "pass"], env),
            (f"done @{SMALL}", [*coach, "done", str(step), "--note", "bench"], on(SMALL)),
            (f"done --amount @{SMALL}", [*coach, "done", str(measured_step(timeline_sets[SMALL])),
                                         "--amount", "5.2", "--note", "bench"], on_timeline(SMALL)),
            (f"report -c @{SMALL}", [*coach, "report", "-c", client, "--format", "text"], on(SMALL)),
            ("--help", [*coach, "--help"], on(SMALL)),
            ("report --help", [*coach, "report", "--help"], on(SMALL)),
            ("goal add --help", [*coach, "goal", "add", "--help"], on(SMALL)),
        ])
        with tempfile.TemporaryDirectory() as tmp:
            peers = []
            jrnl = jrnl_command(opts.install_peers)
            if jrnl:
                peers.append(("jrnl today: ...", [*jrnl, "today: walked 20 minutes"], jrnl_env(Path(tmp))))
            task = shutil.which("task")
            if task:
                peers.append(("task add ...", [task, "add", "walk 20 minutes"], task_env(Path(tmp))))
            if peers:
                print("Peers:")
                bench.group(peers)

    if len(sizes) > 1 and "scale" in wanted:
        print(f"\nScale: done and report -c at {SMALL} and {largest} clients (round-robin):")
        l_step, l_client, _ = picks[largest]
        bench.group([
            (f"done @{SMALL} (scale)", [*coach, "done", str(step)], on(SMALL)),
            (f"done @{largest}", [*coach, "done", str(l_step)], on(largest)),
            (f"report -c @{SMALL} (scale)", [*coach, "report", "-c", client, "--format", "text"],
             on(SMALL)),
            (f"report -c @{largest}", [*coach, "report", "-c", l_client, "--format", "text"],
             on(largest)),
        ])
    if "report" in wanted:
        print("\nThe caseload:")
        report_all = [*coach, "report", "--all", "--week", "last", "--format", "text"]
        bench.group([(f"report --all @{n}", report_all, on(n)) for n in sizes]
                    + [(f"report --all @{n} (timeline set)", report_all, on_timeline(n))
                       for n in sizes if n >= MEDIUM], runs=slow_runs)
    if MEDIUM in sizes and "io" in wanted:
        print("\nThe export, the import:")
        with tempfile.TemporaryDirectory() as tmp:
            export = Path(tmp) / "export.json"
            target = Path(tmp) / "import.db"
            bench.group([(f"export json @{MEDIUM}", [*coach, "export", "--format", "json", "-o",
                                                     str(export)], on(MEDIUM))], runs=slow_runs)
            name = f"import of that export @{MEDIUM}"
            bench.rows[name] = row = Row(name, [], {})
            cmd = [*coach, "import", str(export), "--db", str(target)]
            for i in range(slow_runs + 1):
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{target}{suffix}").unlink(missing_ok=True)
                if i < slow_runs:
                    row.add(*run_once(cmd, env))
                else:
                    row.peak = peak_mib(cmd, env) or row.peak
            print(row.line())

    floor = "python -I -c 'import sqlite3'"
    done = f"done @{SMALL}"
    print("\nTargets:")
    bench.ratio(done, floor, 1.5, f"coach done / {floor}")
    bench.ratio(f"report -c @{SMALL}", done, 2.0, "coach report -c NAME / coach done")
    bench.ratio("--help", done, 1.3, "coach --help / coach done")
    bench.ratio("report --help", done, 1.3, "coach report --help / coach done")
    bench.ratio("goal add --help", done, 1.3, "coach goal add --help / coach done")
    if "jrnl today: ..." in bench.rows:
        bench.ratio(done, "jrnl today: ...", 0.5, "coach done / jrnl")
    else:
        bench.skip("jrnl not found (python bench/run.py --install-peers)")
    if "task add ..." in bench.rows:
        bench.ratio(done, "task add ...", 4, "coach done / task add")
    else:
        bench.skip("task not found (apt-get install taskwarrior)")
    bench.ratio(f"done @{largest}", f"done @{SMALL} (scale)", 1.25,
                f"done @{largest} / @{SMALL} clients")
    bench.ratio(f"report -c @{largest}", f"report -c @{SMALL} (scale)", 1.25,
                f"report -c @{largest} / @{SMALL} clients")
    bench.limit(f"report --all @{MEDIUM}", 0.4, label=f"report --all --week last @{MEDIUM} clients")
    bench.limit("report --all @1000", 1.5, 150, label="report --all --week last @1000 clients")
    bench.ratio(f"done --amount @{SMALL}", done, 1.1, "coach done --amount / coach done")
    bench.limit(f"report --all @{MEDIUM} (timeline set)", 0.4,
                label=f"report --all --week last @{MEDIUM} clients, a quarter measured, a fifth replanned")
    bench.limit("report --all @1000 (timeline set)", 1.5, 150,
                label="report --all --week last @1000 clients, a quarter measured, a fifth replanned")
    bench.limit(f"export json @{MEDIUM}", 2.0, label=f"export --format json @{MEDIUM} clients")
    bench.limit(f"import of that export @{MEDIUM}", 4.0, 150,
                label=f"import of the @{MEDIUM} export into an empty database")
    if "demo --clients 1000" in bench.rows:
        bench.limit("demo --clients 1000", 60.0, label=f"demo --clients 1000 --days {DAYS}")
    else:
        bench.skip("demo build time: data set reused (--scale 1000 --rebuild to time it)")
    for line in bench.lines:
        print(line)
    passed = sum(line.startswith("PASS") for line in bench.lines)
    print(f"\n{passed} passed, {bench.misses} missed")
    return 1 if bench.misses else 0


if __name__ == "__main__":
    sys.exit(main())
