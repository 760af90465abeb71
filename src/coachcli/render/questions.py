"""Open questions a coach can ask for each signal, in the spirit of motivational interviewing.

Kept as data so they can be reviewed (and translated) without touching the
analysis. Each is open (not answerable with yes or no), curious rather than
judging, and leaves the conclusion to the client. The analysis picks one per
signal with a stable hash, so the same data always asks the same question.

Placeholders: ``{goal}`` and ``{name}`` always; ``{importance}`` for
say_do_gap, ``{confidence}`` for low_confidence, ``{step}`` for overdue,
``{other}`` for priority_inversion, ``{days}`` for quiet.
"""

from __future__ import annotations

QUESTIONS: dict[str, tuple[str, ...]] = {
    # Develop discrepancy: put the stated value beside the behaviour, let them weigh it.
    "say_do_gap": (
        "You rated '{goal}' {importance} out of 10 for importance. What makes it that important to you, "
        "and what has been getting in the way of acting on it?",
        "What would need to be different for your week to look more like how much '{goal}' matters to you?",
        "How do you make sense of the gap between how much '{goal}' matters and what happened this week?",
    ),
    "slipping": (
        "Things with '{goal}' looked different a little while ago. What has changed since then?",
        "What was helping with '{goal}' before that is harder to come by now?",
        "When '{goal}' was going better, what were you doing that you might pick up again?",
    ),
    "stalled": (
        "'{goal}' has been quiet for a while. Where does it sit for you right now?",
        "What would a first step back into '{goal}' look like, however small?",
        "What has been taking the time and energy that '{goal}' used to get?",
    ),
    "overdue": (
        "'{step}' is still open. What would make it easier to get done, or does it need rethinking?",
        "What has come up around '{step}'? Is it still the right next step for '{goal}'?",
    ),
    "low_confidence": (
        "You put your confidence at {confidence} out of 10. What makes it {confidence} and not lower, "
        "and what would move it one point up?",
        "What would make the next step for '{goal}' small enough that you feel sure you can do it?",
        "When have you managed something like '{goal}' before, and what helped then?",
    ),
    "should_goal": (
        "Whose goal is '{goal}'? What, if anything, do you want from it for yourself?",
        "If nobody else expected '{goal}' of you, what would you choose to do about it?",
        "What part of '{goal}' feels like yours, and what part feels asked of you?",
    ),
    "priority_inversion": (
        "'{other}' is going well while '{goal}', which you rated as more important, is harder. "
        "What do you make of that?",
        "What is it about '{other}' that makes it easier to act on than '{goal}'?",
        "What could you borrow from how you handle '{other}' to help with '{goal}'?",
    ),
    "no_plan": (
        "'{goal}' has no next step planned. What is one small, concrete thing that would move it forward?",
        "What would a first step towards '{goal}' look like if it had to take ten minutes or less?",
    ),
    "quiet": (
        "It has been {days} days since anything was logged. How have things been going for you?",
        "What has been happening in the last couple of weeks that it would help to talk about?",
        "What would make it easier to stay in touch with your goals when life gets busy?",
    ),
    # Support self-efficacy: ask them to name what worked, so they can use it again.
    "streak": (
        "You have kept '{goal}' going without a break. What is making that work?",
        "What have you learned about yourself from keeping up with '{goal}'?",
        "How could what is working for '{goal}' help with your other goals?",
    ),
    "improving": (
        "'{goal}' has picked up. What did you do differently?",
        "What made the difference with '{goal}' recently, and how can you keep it going?",
    ),
    "achieved": (
        "You achieved '{goal}'. What are you most proud of in how you got there?",
        "Looking back at '{goal}', what strengths did you draw on that you could use next?",
        "How would you like to mark achieving '{goal}'?",
    ),
}
