"""Shell completion, end to end: Click's protocol in a real process, and a real bash.

The protocol tests run ``coach`` as the shell script does (``_COACH_COMPLETE``
with ``COMP_WORDS``/``COMP_CWORD``) and read the candidates it prints; the
bash test sources the script ``coach completion bash`` prints into an
interactive bash and asks bash's own completion function.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

COACH = Path(sys.executable).with_name("coach")


def _env(db: Path, **more: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COACH_", "_COACH", "COMP_"))}
    return {**env, "COACH_DB": str(db), "COACH_TODAY": "2026-11-18", **more}


def complete(db: Path, line: str, shell: str = "bash", **env: str) -> list[str]:
    """The candidates ``coach`` answers for ``line`` (the cursor at its end)."""
    words = line.split()
    cword = len(words) if line.endswith(" ") else len(words) - 1
    if shell == "fish":  # fish's script passes the word under the cursor, not its index
        cword = "" if line.endswith(" ") else words[-1]  # type: ignore[assignment]
    proc = subprocess.run(
        [str(COACH)], capture_output=True, text=True, timeout=60, check=False,
        env=_env(db, _COACH_COMPLETE=f"{shell}_complete", COMP_WORDS=line, COMP_CWORD=str(cword), **env),
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    return proc.stdout.splitlines()


@pytest.fixture
def caseload(coach, db_path: Path) -> Path:  # type: ignore[no-untyped-def]
    for name in ("Alice", "Anna", "Ahmed", "Bob"):
        assert coach("client", "add", name).exit_code == 0
    assert coach("client", "archive", "Ahmed").exit_code == 0
    assert coach("goal", "add", "Run a 10k", "-c", "Alice").exit_code == 0
    assert coach("goal", "add", "Sleep by 11", "-c", "Bob").exit_code == 0
    assert coach("step", "add", "1", "Walk 20 minutes", "--every", "daily").exit_code == 0
    assert coach("step", "add", "2", "Phone off at 10", "--every", "weekdays").exit_code == 0
    return db_path


def test_a_name_with_terminal_escapes_is_never_printed_as_a_candidate(caseload: Path) -> None:
    import sqlite3

    with sqlite3.connect(caseload) as conn:  # as an import or a sync could have stored it
        conn.execute("UPDATE clients SET name = 'Al\x1b]0;pwned\x07ex' WHERE name = 'Anna'")
    out = complete(caseload, "coach report -c A")
    assert out == ["plain,Alice"]
    assert not any("\x1b" in line or "\x07" in line for line in out)


def test_client_names_complete_from_the_active_caseload(caseload: Path) -> None:
    # The issue's own example: the names starting with A, archived ones left out.
    assert complete(caseload, "coach report -c A") == ["plain,Alice", "plain,Anna"]
    assert complete(caseload, "coach goal list --client b") == ["plain,Bob"]
    assert complete(caseload, "coach prep ") == ["plain,Alice", "plain,Anna", "plain,Bob"]
    # Restoring is about the archived ones.
    assert complete(caseload, "coach client restore ") == ["plain,Ahmed"]


def test_step_and_goal_ids_complete_with_their_titles_as_help(caseload: Path) -> None:
    assert complete(caseload, "coach done ") == ["plain,1", "plain,2"]
    zsh = complete(caseload, "coach done ", shell="zsh")
    assert zsh == ["plain", "1", "Walk 20 minutes (Alice: Run a 10k)",
                   "plain", "2", "Phone off at 10 (Bob: Sleep by 11)"]
    fish = complete(caseload, "coach goal show ", shell="fish")
    assert fish == ["plain,1\tRun a 10k (Alice)", "plain,2\tSleep by 11 (Bob)"]
    assert complete(caseload, "coach step add ") == ["plain,1", "plain,2"]


def test_option_values_complete(caseload: Path) -> None:
    assert complete(caseload, "coach report --format ") == [
        f"plain,{f}" for f in ("rich", "text", "markdown", "json", "html")]
    weeks = complete(caseload, "coach agenda --week ")
    assert weeks[:4] == ["plain,this", "plain,last", "plain,next", "plain,2026-W47"]
    assert "plain,3/week" in complete(caseload, "coach step add 1 Stretch --every ")
    assert complete(caseload, "coach step edit 1 --every week") == ["plain,weekdays", "plain,weekends",
                                                                    "plain,weekly"]
    assert complete(caseload, "coach done 1 --on yes") == ["plain,yesterday"]


def test_commands_and_options_complete(caseload: Path) -> None:
    assert complete(caseload, "coach rep") == ["plain,report"]
    assert "plain,--week" in complete(caseload, "coach report --")


def test_no_database_or_a_broken_one_offers_nothing_and_says_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    assert complete(missing, "coach report -c ") == []
    assert not missing.exists()  # completing never creates the database
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"not a database at all" * 100)
    assert complete(broken, "coach done ") == []


def test_the_script_is_clicks_for_each_shell(tmp_path: Path) -> None:
    for shell, marker in (("bash", "complete -o nosort -F _coach_completion coach"),
                          ("zsh", "#compdef coach"), ("fish", "complete --no-files --command coach")):
        proc = subprocess.run([str(COACH), "completion", shell], capture_output=True, text=True,
                              env=_env(tmp_path / "x.db"), check=False, timeout=60)
        assert proc.returncode == 0, proc.stderr
        assert marker in proc.stdout
        assert f"_COACH_COMPLETE={shell}_complete" in proc.stdout
    bad = subprocess.run([str(COACH), "completion", "tcsh"], capture_output=True, text=True,
                         env=_env(tmp_path / "x.db"), check=False, timeout=60)
    assert bad.returncode == 2


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_tab_in_a_real_interactive_bash(caseload: Path, tmp_path: Path) -> None:
    """Source the printed script in ``bash -i`` and call the completion bash would call on Tab."""
    script = tmp_path / "coach.bash"
    script.write_text(subprocess.run([str(COACH), "completion", "bash"], capture_output=True,
                                     text=True, check=True, env=_env(caseload)).stdout)
    session = f"""
source {script}
complete -p coach
COMP_WORDS=(coach report -c A); COMP_CWORD=3
COMPREPLY=(); _coach_completion coach A coach
printf 'reply:%s\\n' "${{COMPREPLY[@]}}"
COMP_WORDS=(coach done ''); COMP_CWORD=2
COMPREPLY=(); _coach_completion coach '' done
printf 'reply:%s\\n' "${{COMPREPLY[@]}}"
exit
"""
    env = _env(caseload, PATH=f"{COACH.parent}{os.pathsep}{os.environ['PATH']}", HOME=str(tmp_path))
    proc = subprocess.run(["bash", "--norc", "--noprofile", "-i"], input=session, capture_output=True,
                          text=True, env=env, timeout=60, check=False)
    assert "complete -o nosort -F _coach_completion coach" in proc.stdout, proc.stderr
    replies = [line.removeprefix("reply:") for line in proc.stdout.splitlines()
               if line.startswith("reply:")]
    assert replies == ["Alice", "Anna", "1", "2"], proc.stdout + proc.stderr


def test_completing_does_not_take_the_fast_path(caseload: Path) -> None:
    """``coach done`` skips Typer; a completion request for it must not be read as a done line."""
    proc = subprocess.run(
        [str(COACH), "done", "1"], capture_output=True, text=True, timeout=60, check=False,
        env=_env(caseload, _COACH_COMPLETE="bash_complete", COMP_WORDS="coach done ", COMP_CWORD="2"),
    )
    assert proc.stdout.splitlines() == ["plain,1", "plain,2"]
    import sqlite3

    with sqlite3.connect(caseload) as conn:
        assert conn.execute("SELECT count(*) FROM actions").fetchone() == (0,)
