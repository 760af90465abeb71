"""The ``coach`` command line: Typer only, parsing arguments, calling, rendering.

Errors are turned into output in exactly one place, :class:`CoachGroup`:
a :class:`~coachcli.errors.CoachError` becomes one line on stderr and exit
status 1; Typer's own usage errors keep exit status 2.
"""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer.core import TyperGroup

from coachcli import __version__
from coachcli.errors import CoachError


class CoachGroup(TyperGroup):
    """The root group: the single place where our errors meet the user."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except CoachError as exc:
            from coachcli.render.safe import clean

            sys.stderr.write(f"Error: {clean(str(exc))}\n")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            sys.stderr.write("Interrupted: nothing was written.\n")
            raise typer.Exit(130) from None


app = typer.Typer(
    cls=CoachGroup,
    name="coach",
    help="Track goals, the small steps towards them, what was done, and check-ins; "
    "report where actions and goals diverge.",
    epilog="Start with: coach demo   |   Docs: README.md",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"coach {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """Track goals, the small steps towards them, what was done, and check-ins.

    The report shows progress and where actions diverge from goals, with the
    evidence and an open question to ask.
    """


from coachcli.cli import clients, data, goals, steps, track, views  # noqa: E402

app.add_typer(clients.app, name="client", help="The caseload: add, list, show, rename, archive.")
app.add_typer(goals.app, name="goal", help="Goals, their importance/confidence ratings and status.")
app.add_typer(steps.app, name="step", help="Small steps towards a goal, with schedules.")
app.add_typer(data.db_app, name="db", help="Where the database is, and whether it is healthy.")
track.register(app)
views.register(app)
data.register(app)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except BrokenPipeError:  # e.g. `coach log | head`
        sys.stderr.close()
        sys.exit(0)
