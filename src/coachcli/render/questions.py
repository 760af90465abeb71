"""How the open questions are written, and the prep page's own, in the spirit of motivational interviewing.

Each signal's questions are data in its row of :data:`coachcli.render.signals.WORDS`,
beside its label and evidence, so adding a signal is one row there; the prep
page's opening, commitment and returning questions are here. All are data, to
be reviewed (and translated) without touching the analysis. Each template asks
one open question (it starts with *what* or *how*, after at most one sentence
of reflection), never asks "why", never presumes a barrier, and leaves the
conclusion to the client. Rulers are asked
the MI way: what makes it 4 and not 2 (never below 0), what it would take to
move to 5.

A template is used only when every placeholder it names has a value: the
ones quoting ``{why}`` only for a goal the client said why it matters, the
ruler's ``{lower}`` only above 0. Among those, a stable hash of the client and
goal picks where to start, and the pick moves on one template a week (in
prep, one a session), never asking a topic the template asked last session.

Placeholders (:data:`PLACEHOLDERS`): ``{goal}`` the goal's title; ``{when}``
the window as a phrase ("this week", "these two weeks", "since 12
November"); ``{why}`` why the goal matters, in the client's words;
``{importance}``, ``{confidence}`` the latest ratings and ``{lower}``,
``{higher}`` two points below (at least 0) and one above (at most 10) the
rating the question is about; ``{step}`` a step's title; ``{other}`` another
goal's title; ``{days}`` days since anything was logged; ``{commitment}``
what the client said they would do, quoted; ``{last}`` the last day anything was
recorded before a quiet spell or a time set aside ("12 November").
"""

from __future__ import annotations

#: Every placeholder a template may name, with an example value for tests and reviews.
PLACEHOLDERS: dict[str, object] = {
    "goal": "Walk more", "when": "this week", "why": "to keep up with my kids",
    "importance": 8, "confidence": 4, "lower": 2, "higher": 5, "step": "Buy shoes",
    "other": "Read more", "days": 12, "commitment": "'walk on Saturday'",
    "last": "12 November",
}

#: The prep page's questions, for the opening, the last commitment and a client coming back.
PREP_QUESTIONS: dict[str, tuple[str, ...]] = {
    # The prep page's own questions.
    "opening": (
        "What would you like to focus on today?",
        "What would be most useful to look at today?",
        "What is on your mind about your goals this week?",
        "What matters most to you right now?",
    ),
    "commitment": (
        "Last time you planned: {commitment}. How did that go?",
        "You planned {commitment}. What came of that?",
        "How did {commitment} turn out?",
    ),
    # Coming back after a quiet spell or a time set aside: welcome, what happened, a way back.
    "returning": (
        "Welcome back. What has been happening for you since {last}?",
        "Welcome back. What would a first step back look like, however small?",
        "Welcome back. How would you like to pick things up again?",
    ),
}
