"""Making user text safe to print: it is shown as typed, never obeyed.

Lives outside ``render`` so that a write command can print a confirmation
without loading the rendering package.

A note can contain terminal escape sequences (ESC), other C0/C1 controls or
bidirectional overrides that would rewrite what a coach sees on screen. They
are dropped before any output; tabs and newlines become spaces where a value
must stay on one line.
"""

from __future__ import annotations

# What is dropped, and what joins a line, as regular expression sources:
# compiled on the first text that needs them, so that printing a plain
# confirmation does not import ``re``. Dropped: C0/C1 controls (tab and
# newline kept), bidi marks and overrides, and the Unicode line and paragraph
# separators (U+2028, U+2029), which terminals and browsers show as line breaks.
_CONTROL = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]"
_SPACES = r"[\t\n]+"


def clean(text: object, *, one_line: bool = True) -> str:
    """``text`` as a string without control characters (and on one line)."""
    s = "" if text is None else str(text)
    if s.isprintable():  # no control, format or line-break character: nothing to drop
        return s
    import re

    s = re.sub(_CONTROL, "", s)
    if one_line:
        s = re.sub(_SPACES, " ", s).replace("\r", "")
    return s
