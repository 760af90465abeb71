"""The demo's material: themes of goals and steps, names, and the words of notes.

Data, not code: the generator (:mod:`coachcli.demo.generate`) draws from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Persona = Literal[
    "steady", "slipping", "say_do_gap", "quiet", "low_confidence", "improving", "typical",
    "finished",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class StepIdea:
    """A recurring small step, and optionally the smaller one it can become."""

    title: str
    every: str
    smaller: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class Theme:
    """A coaching theme: a goal, why it matters, its steps and what gets in the way."""

    key: str
    title: str
    why: str
    steps: tuple[StepIdea, ...]
    one_offs: tuple[tuple[str, int], ...]  # title, due this many days after the goal starts
    misses: tuple[str, ...]
    wins: tuple[str, ...]
    commitments: tuple[str, ...]
    achieved: str
    should: bool = False  # often set by someone else (a doctor, a partner)
    dated: bool = False  # usually has a target date


THEMES: tuple[Theme, ...] = (
    Theme(
        "running", "Run a 10k", "I want the energy to keep up with my kids",
        (StepIdea("Run 20 minutes", "mon,wed,fri"), StepIdea("Stretch for 10 minutes", "daily"),
         StepIdea("Long slow run", "weekly")),
        (("Sign up for the 10k race", 10), ("Buy proper running shoes", 5)),
        ("rain", "sore knee", "too dark after work", "late meeting"),
        ("Ran in the rain anyway", "Longest run so far: 7 km", "Ran without stopping for 30 minutes"),
        ("Lay out running clothes the night before", "Run with Sam on Saturday morning"),
        "Ran the whole 10k without stopping", dated=True,
    ),
    Theme(
        "sleep", "Sleep 7 hours most nights", "I'm sharper and kinder when I'm rested",
        (StepIdea("Screens off by 22:30", "daily"), StepIdea("In bed by 23:00", "weekdays"),
         StepIdea("No coffee after 2 pm", "daily")),
        (("Move the phone charger out of the bedroom", 3),),
        ("late meeting", "watched one more episode", "baby woke up", "couldn't switch off"),
        ("Slept 7 hours four nights in a row", "Woke up before the alarm"),
        ("Set a wind-down alarm for 22:00", "Leave the laptop in the study"),
        "Sleeping 7 hours on most nights for a month",
    ),
    Theme(
        "thesis", "Finish the thesis draft", "I want to graduate this year and get on with my life",
        (StepIdea("Write 300 words", "weekdays", ("Write 100 words", "weekdays")),
         StepIdea("Read and annotate one paper", "3/week"),
         StepIdea("Writing group", "tue")),
        (("Send chapter 2 to my supervisor", 21), ("Book the statistics advisor", 7)),
        ("teaching prep took the day", "couldn't focus", "supervisor feedback knocked me"),
        ("Finished the methods section", "Wrote 1,200 words this week"),
        ("Write first thing, before opening email", "Ask the writing group for a deadline"),
        "Submitted the full draft", dated=True,
    ),
    Theme(
        "job", "Move into a product management role",
        "My current job drains me and I want to build things people use",
        (StepIdea("Send two tailored applications", "3/week"),
         StepIdea("Reach out to one contact", "every 3 days"),
         StepIdea("Practise one interview question", "weekdays")),
        (("Update CV and LinkedIn", 7), ("Ask Maria for a referral", 14)),
        ("no energy after work", "felt discouraged after a rejection", "no good openings"),
        ("Got a first-round interview", "Had a great coffee chat with a PM"),
        ("Block Tuesday evening for applications", "Message two former colleagues"),
        "Accepted a product manager offer",
    ),
    Theme(
        "budget", "Build a 3,000 emergency fund", "My partner and I keep arguing about money",
        (StepIdea("Log every expense", "daily"), StepIdea("Review the week's spending", "weekly"),
         StepIdea("Cook instead of ordering in", "weekdays")),
        (("Cancel unused subscriptions", 5), ("Set up an automatic transfer", 10)),
        ("forgot", "lost the receipts", "impulse buy after a hard day"),
        ("Saved 250 this month", "Cancelled two subscriptions"),
        ("Check the banking app every evening", "Plan meals on Sunday"),
        "Emergency fund complete", should=True, dated=True,
    ),
    Theme(
        "spanish", "Hold a 10-minute conversation in Spanish",
        "To talk with my partner's family in Seville",
        (StepIdea("Practise on the app for 15 minutes", "daily"),
         StepIdea("Conversation class", "2/month"),
         StepIdea("Listen to a Spanish podcast", "every 3 days")),
        (("Book an online tutor", 10),),
        ("forgot", "too tired after work", "class cancelled"),
        ("Ordered dinner in Spanish", "Understood a whole podcast episode"),
        ("Practise on the bus to work", "Call Lucía in Spanish on Sunday"),
        "Chatted for 15 minutes with my partner's aunt",
    ),
    Theme(
        "meditation", "Meditate most days", "To stop snapping at people when I'm stressed",
        (StepIdea("Meditate for 10 minutes", "daily", ("Three mindful breaths", "daily")),
         StepIdea("Mindful walk", "weekends")),
        (("Download a meditation app", 2),),
        ("overslept", "kids up early", "forgot", "too restless"),
        ("Stayed calm in a tense meeting", "Meditated ten days in a row"),
        ("Meditate right after brushing my teeth", "Put the cushion by the bed"),
        "Meditation is a habit now",
    ),
    Theme(
        "family", "Be present with my family", "The kids are growing up fast and I'm missing it",
        (StepIdea("Phone-free dinner", "weekdays"), StepIdea("Family day out", "2/month"),
         StepIdea("Family outing", "RRULE:FREQ=MONTHLY;BYDAY=1SA")),
        (("Plan the summer holiday together", 14),),
        ("worked late", "kids were sick", "urgent call from work"),
        ("Board-game night was a hit", "Picked the kids up from school twice"),
        ("Put the phone in the drawer at 18:00", "Ask the kids to plan Saturday"),
        "Dinners are phone-free now",
    ),
    Theme(
        "alcohol", "Cut back on alcohol", "My doctor flagged my liver values",
        (StepIdea("Alcohol-free evening", "weekdays"), StepIdea("Log drinks", "daily")),
        (("Book the follow-up blood test", 30),),
        ("friend's birthday", "work drinks", "stressful day"),
        ("Alcohol-free all week", "Said no at the work party"),
        ("Buy alcohol-free beer for the weekend", "Tell friends about the plan"),
        "Blood test back to normal", should=True,
    ),
    Theme(
        "reading", "Read 12 books this year", "I miss the person I was when I read",
        (StepIdea("Read 20 pages", "daily", ("Read 5 pages", "daily")),
         StepIdea("Library visit", "2/month")),
        (("Join the neighbourhood book club", 14),),
        ("fell asleep", "too tired", "scrolled my phone instead"),
        ("Finished a novel in a week", "Read on the train instead of scrolling"),
        ("Keep the book on the pillow", "Read before checking the phone"),
        "Twelfth book finished", dated=True,
    ),
    Theme(
        "declutter", "Declutter the flat", "I want a home I can relax in",
        (StepIdea("Clear one shelf or drawer", "2/week"), StepIdea("Ten-minute tidy", "daily")),
        (("Take the bags to the charity shop", 14), ("Sell the old bike", 21)),
        ("guests over", "no energy", "couldn't decide what to keep"),
        ("The hallway is clear", "Sold the old bike"),
        ("Start with the kitchen drawer", "Fill one bag for the charity shop"),
        "Every room decluttered",
    ),
    Theme(
        "speaking", "Speak up in meetings", "My ideas get lost and I want to be seen at work",
        (StepIdea("Share one idea in a meeting", "tue,thu"),
         StepIdea("Prepare one talking point", "weekdays", ("Note one thought before meetings",
                                                           "mon,wed,fri"))),
        (("Volunteer to present at the team meeting", 14),),
        ("meeting cancelled", "nerves got the better of me", "someone said it first"),
        ("My manager picked up my suggestion", "Asked a question in the all-hands"),
        ("Speak in the first ten minutes", "Write the point down beforehand"),
        "Presented the project to the leadership team",
    ),
    Theme(
        "back", "Strengthen my back", "My physio says it's the only way to stop the pain returning",
        (StepIdea("Physio exercises", "daily"),
         StepIdea("Gym session", "3/week", ("20-minute gym session", "2/week")),
         StepIdea("Swim", "every 3 days")),
        (("Book a physio check-up", 21),),
        ("back was sore", "gym too crowded", "late meeting", "too tired after work"),
        ("No back pain this week", "Lifted the kids without thinking about it"),
        ("Do the exercises before breakfast", "Pack the gym bag the night before"),
        "Physio signed me off", should=True,
    ),
    Theme(
        "eating", "Eat more vegetables", "I want to feel lighter and set an example for the kids",
        (StepIdea("Cook a meal from scratch", "every 3 days"),
         StepIdea("Pack lunch for work", "weekdays"),
         StepIdea("Vegetables with every meal", "daily")),
        (("Order a veg box subscription", 7),),
        ("takeaway after a long day", "nothing in the fridge", "eating out with clients"),
        ("Tried three new recipes", "The kids ate the broccoli"),
        ("Shop with a list on Sunday", "Batch-cook on Sunday evening"),
        "Vegetables at every meal for a month",
    ),
    Theme(
        "piano", "Play the piano again", "Music was my thing before work took over",
        (StepIdea("Practise for 15 minutes", "mon,wed,fri", ("Play one piece", "mon,wed,fri")),
         StepIdea("Learn a new piece", "2/month")),
        (("Book a piano tuner", 10),),
        ("neighbours were asleep", "too tired", "forgot"),
        ("Played a whole Chopin nocturne", "Played for friends at dinner"),
        ("Leave the piano lid open", "Practise before dinner"),
        "Played at my friend's wedding",
    ),
    Theme(
        "side_project", "Launch my side project", "I want to know whether the idea works",
        (StepIdea("Work an hour on the app", "tue,thu,sat"),
         StepIdea("Write a build-in-public post", "weekly")),
        (("Buy the domain", 3), ("Show the prototype to five people", 30)),
        ("overtime at the day job", "stuck on a bug", "too tired after work"),
        ("First user signed up", "Shipped the login page"),
        ("Work on it before the day job", "Post the demo video on Friday"),
        "Launched to the first 100 users", dated=True,
    ),
    Theme(
        "friends", "See friends more often", "I've become isolated since moving here",
        (StepIdea("Message a friend", "every 3 days"), StepIdea("Meet someone in person", "2/month")),
        (("Join the climbing club", 14),),
        ("friend cancelled", "felt too shy", "busy week"),
        ("Climbing with new friends on Thursday", "Hosted dinner for four"),
        ("Invite a colleague for lunch", "Say yes to the next invitation"),
        "Have a circle of friends here now",
    ),
)  # fmt: skip

THEME_BY_KEY = {t.key: t for t in THEMES}

#: The first six clients show one persona each, on chosen themes.
SHOWCASE: tuple[tuple[Persona, tuple[str, ...]], ...] = (
    ("steady", ("running", "meditation", "reading")),
    ("slipping", ("thesis", "sleep")),
    ("say_do_gap", ("job", "spanish")),
    ("quiet", ("budget", "alcohol")),
    ("low_confidence", ("speaking", "back")),
    ("improving", ("family", "eating")),
)

#: Personas of the other clients, with weights.
PERSONA_MIX: tuple[tuple[Persona, int], ...] = (
    ("typical", 55), ("steady", 8), ("slipping", 7), ("say_do_gap", 7), ("quiet", 6),
    ("low_confidence", 6), ("improving", 6), ("finished", 5),
)  # fmt: skip

FIRST_NAMES = (
    "Amara", "Ben", "Chloé", "Dmitri", "Elif", "Farah", "Gabriel", "Hana", "Ibrahim", "Jonas",
    "Kavya", "Liam", "Mei", "Nikolai", "Olu", "Priya", "Quinn", "Rosa", "Sami", "Tomás", "Uma",
    "Vera", "Wen", "Ximena", "Yusuf", "Zoe", "Aiko", "Bruno", "Carmen", "Dev", "Esther", "Finn",
    "Grace", "Hugo", "Inès", "Jamal", "Kenji", "Leila", "Mateo", "Noor", "Oscar", "Paloma",
    "Rahul", "Sofia", "Tariq", "Ulla", "Viktor", "Wanjiru", "Yara", "Zainab", "Anouk", "Björn",
    "Chidi", "Daniela", "Emeka", "Freya", "Giulia", "Hamza", "Ingrid", "Joaquín", "Kaito",
    "Lucía", "Marek", "Nadia",
)  # fmt: skip
LAST_NAMES = (
    "Okafor", "Schmidt", "Nguyen", "Haddad", "Kowalski", "García", "Tanaka", "Johansson",
    "Mensah", "Rossi", "Patel", "O'Brien", "Novak", "Silva", "Cohen", "Yılmaz", "Dubois", "Kim",
    "Andersen", "Moreau", "Fischer", "Costa", "Ivanova", "Mwangi", "Lindqvist", "Sato", "Ahmed",
    "Müller", "Popescu", "Fernández", "Bakker", "Horváth", "Nakamura", "Adeyemi", "Larsen",
    "Castillo", "Chen", "Walsh", "Kapoor", "Reyes",
)  # fmt: skip

CLIENT_NOTES = (
    "Referred by her employer's wellbeing programme", "Self-referred after a burnout",
    "Sessions on video, Thursday evenings", "Prefers short check-ins by message",
    "Second round of coaching", "Works shifts; plans change week to week",
    "New parent", "Recently moved to the city",
)  # fmt: skip
GENERAL_MISSES = (
    "late meeting", "kids were sick", "forgot", "too tired after work", "worked late",
    "unexpected visitors", "bad night's sleep", "deadline at work", "felt low",
)  # fmt: skip
SKIP_REASONS = (
    "travelling for work", "sick with flu", "family wedding", "on holiday", "conference trip",
    "moving house",
)  # fmt: skip
DONE_NOTES = (
    "felt great", "only 10 minutes, but done", "with a friend", "early morning",
    "hard but worth it", "easier than expected",
)  # fmt: skip
GENERAL_WINS = ("Kept going in a busy week", "Noticed I had more energy", "Asked for help")
GENERAL_COMMITMENTS = ("Put it in the calendar", "Start with just five minutes",
                       "Tell my partner the plan")  # fmt: skip
CHECKIN_NOTES = (
    "Talked about what makes Monday mornings hard", "Explored what 'enough' looks like",
    "Reviewed the plan; kept the steps as they are", "Noticed the pattern around late meetings",
    "Discussed making the steps smaller",
)  # fmt: skip
RATING_NOTES = ("feels more doable now", "work is taking over", "after talking it through",
                "more important since the check-up")  # fmt: skip
PAUSE_REASONS = ("injury: physio said rest", "exam period", "family emergency",
                 "busy season at work")  # fmt: skip
DROP_REASONS = ("no longer a priority after moving house", "replaced by a bigger goal",
                "it was never really mine")  # fmt: skip


