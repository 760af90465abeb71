"""Turning results into output: all wording and layout live in this package.

:mod:`~coachcli.render.document` holds the blocks a command describes its
output with and :func:`~coachcli.render.document.emit`; the other modules
word and lay out one kind of output each. This file imports nothing, so the
fast path can take its messages from :mod:`coachcli.render.messages` alone.
"""
