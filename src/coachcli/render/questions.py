"""Open questions for each signal and for the prep page, in the spirit of motivational interviewing.

Kept as data so they can be reviewed (and translated) without touching the
analysis. Each template asks one open question (it starts with *what* or
*how*, after at most one sentence of reflection), never asks "why", never
presumes a barrier, and leaves the conclusion to the client. Rulers are asked
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

QUESTIONS: dict[str, tuple[str, ...]] = {
    # Develop discrepancy: put the stated value beside the behaviour, let them weigh it.
    "say_do_gap": (
        "You rated '{goal}' {importance} out of 10 for importance. What makes it {importance} "
        "and not {lower}?",
        "What would need to be different for the next week to look more like how much '{goal}' "
        "matters to you?",
        "How do you make sense of the distance between how much '{goal}' matters and what happened "
        "{when}?",
        "You said '{goal}' matters because '{why}'. How does that sit beside what happened {when}?",
    ),
    "slipping": (
        "Things with '{goal}' looked different a little while ago. What has changed since then?",
        "Earlier on, '{goal}' happened more often. What was helping then?",
        "What would you like to keep from how '{goal}' went earlier?",
        "You said '{goal}' matters because '{why}'. How important does that feel right now?",
    ),
    "stalled": (
        "'{goal}' has been quiet for a while. How does it sit with you right now?",
        "What would a first step back into '{goal}' look like, however small?",
        "How important does '{goal}' feel to you these days?",
        "You said '{goal}' matters because '{why}'. How does that feel to you now?",
    ),
    "overdue": (
        "What would you like to do about '{step}' now?",
        "How does '{step}' fit with where '{goal}' is now?",
        "What would the right moment for '{step}' look like?",
        "What would make '{step}' easier to start?",
    ),
    # Neutral evidence, an open question: the client weighs what the limit is for.
    "over_limit": (
        "What was different on the days '{step}' stayed within the limit?",
        "How does the limit you set for '{step}' feel now?",
        "What tends to happen on the days '{step}' goes over?",
        "You said '{goal}' matters because '{why}'. How does '{step}' {when} sit with that?",
    ),
    "low_confidence": (
        "You put your confidence in '{goal}' at {confidence} out of 10. What makes it {confidence} "
        "and not {lower}?",
        "What would it take to move your confidence in '{goal}' to {higher}?",
        "What would make the next step for '{goal}' small enough that you feel sure you can do it?",
        "What helped the last time you managed something like '{goal}'?",
        "You said '{goal}' matters because '{why}'. What would help you feel more confident about it?",
    ),
    "should_goal": (
        "What do you want from '{goal}' for yourself?",
        "If nobody else expected '{goal}' of you, what would you choose to do about it?",
        "How much of '{goal}' feels like your own choice?",
        "You said '{goal}' matters because '{why}'. How much of that feels like your own reason?",
    ),
    "priority_inversion": (
        "'{other}' is happening more often than '{goal}', which you rated as more important. "
        "What do you make of that?",
        "What is it about how you approach '{other}' that you could bring to '{goal}'?",
        "What could you borrow from how you handle '{other}' to help with '{goal}'?",
        "You said '{goal}' matters because '{why}'. How does that fit with where your time went "
        "{when}?",
    ),
    "no_plan": (
        "'{goal}' has no next step planned. What is one small, concrete thing that would move it "
        "forward?",
        "What would a first step towards '{goal}' look like if it had to take ten minutes or less?",
        "What could you try for '{goal}' in the coming week?",
        "You said '{goal}' matters because '{why}'. What small step would honour that?",
    ),
    "quiet": (
        "It has been {days} days since anything was logged. How have things been going?",
        "What has been happening in your life lately?",
        "How would you like to keep in touch with your goals over the next weeks?",
        "What would feel like a good place to start again?",
    ),
    # Support self-efficacy: ask them to name what worked, so they can use it again.
    "streak": (
        "You have kept '{goal}' going without a break. What is making that work?",
        "What have you learned about yourself from keeping up with '{goal}'?",
        "How could what works for '{goal}' help elsewhere?",
        "You said '{goal}' matters because '{why}'. What does keeping it going give you?",
    ),
    "improving": (
        "'{goal}' happened more often {when}. What did you do differently?",
        "What made the difference with '{goal}' recently?",
        "How could you keep '{goal}' going like this?",
        "You said '{goal}' matters because '{why}'. What has doing more of it given you?",
    ),
    "best_amount": (
        "'{step}' reached its highest yet. What made that possible?",
        "What did you learn from your best stretch of '{step}' so far?",
        "How would you like to build on what you did for '{step}'?",
    ),
    "achieved": (
        "You achieved '{goal}'. What are you most proud of in how you got there?",
        "Looking back at '{goal}', what strengths did you draw on that you could use next?",
        "How would you like to mark achieving '{goal}'?",
        "You said '{goal}' mattered because '{why}'. What has achieving it given you?",
    ),
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
