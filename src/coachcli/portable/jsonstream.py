"""Reading one large JSON object incrementally: its members, and its arrays item by item.

``coach import`` reads exports of years of data for hundreds of clients. Loading
such a file whole costs several times its size in memory, so the importer walks
the top-level object with this reader instead: each member's key, then either
the whole (small) value or the items of an array, one at a time. Each item is
decoded by the standard library's C decoder (:meth:`json.JSONDecoder.raw_decode`)
from a window of the file that slides forward, so memory stays at the window
plus one record, whatever the layout of the file (one record per line, as
``coach export`` writes it, or any other valid JSON).

Bounds (:mod:`coachcli.limits`): a file larger than ``MAX_IMPORT_BYTES`` (an
endless one such as ``/dev/zero`` included) is refused once that many bytes were
read; so is a single value larger than ``MAX_IMPORT_VALUE`` characters, and
nesting too deep for the decoder.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterator
from itertools import chain
from typing import IO, Any

from coachcli.limits import MAX_IMPORT_BYTES, MAX_IMPORT_VALUE

_fast_loads: Callable[[str], Any] | None
try:
    from orjson import loads as _orjson_loads

    _fast_loads = _orjson_loads
except ImportError:  # pragma: no cover - a platform without its wheel: the standard decoder
    _fast_loads = None

_WHITESPACE = re.compile(r"[ \t\n\r]*")
#: A line that closes an array: no JSON string holds a raw line break, so this is never text.
_ARRAY_END = re.compile(r"\n[ \t\r]*\]")
_NONE = object()
#: The characters a JSON value can begin with.
_VALUE_STARTS = frozenset('{["-0123456789tfnNI')
#: How much of the file is read at a time.
_CHUNK = 1 << 20


class JsonProblem(Exception):
    """The text is not the JSON expected; the message says where and why."""


class JsonStream:
    """The JSON text of ``raw`` (UTF-8, an optional BOM), read forward only."""

    def __init__(self, raw: IO[bytes], *, parse_constant: Callable[[str], Any],
                 limit: int | None = None) -> None:
        self._raw = raw
        self._limit = MAX_IMPORT_BYTES if limit is None else limit
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")("strict")
        self._json = json.JSONDecoder(parse_constant=parse_constant)
        self._buf = ""
        self._pos = 0
        self._eof = False
        self._read = 0
        self._lines_before = 0  # newlines in the part of the text already dropped
        #: Where reading many lines at once may next be tried (it failed before this point).
        self._batch_from = 0
        #: What stopped :meth:`runs`, once something did.
        self.stopped: Exception | None = None

    # ------------------------------------------------------------ the window

    def _fill(self) -> bool:
        """Read more of the file into the window; False at the end of the file."""
        if self._eof:
            return False
        data = self._raw.read(_CHUNK)
        self._read += len(data)
        if self._read > self._limit:
            raise JsonProblem(
                f"the file is larger than {self._limit // (1 << 20)} MiB, the most coach "
                "import reads"
            )
        text = self._decoder.decode(data, final=not data)  # UnicodeDecodeError: the caller's
        if self._pos > _CHUNK:  # drop what was read already, keeping line numbers right
            self._lines_before += self._buf.count("\n", 0, self._pos)
            self._buf = self._buf[self._pos:]
            self._batch_from -= self._pos
            self._pos = 0
        self._buf += text
        if not data:
            self._eof = True
        return True

    def _skip_space(self) -> str:
        """The next character that is not white space ('' at the end of the text)."""
        while True:
            end = _WHITESPACE.match(self._buf, self._pos)
            assert end is not None
            self._pos = end.end()
            if self._pos < len(self._buf):
                return self._buf[self._pos]
            if not self._fill():
                return ""

    def where(self) -> str:
        """``line L, column C`` of the reading position, as JSON errors say it."""
        line = self._lines_before + self._buf.count("\n", 0, self._pos) + 1
        column = self._pos - (self._buf.rfind("\n", 0, self._pos) + 1) + 1
        return f"line {line}, column {column}"

    def _expect(self, chars: str, what: str) -> str:
        found = self._skip_space()
        if not found or found not in chars:
            shown = "the end of the file" if not found else repr(found)
            raise JsonProblem(f"not valid JSON ({self.where()}: expected {what}, found {shown})")
        self._pos += 1
        return found

    # ------------------------------------------------------------ values

    def value(self) -> Any:
        """Decode the next value whole (a record, a header field)."""
        first = self._skip_space()
        if first and first not in _VALUE_STARTS:  # no more text can make this JSON
            raise JsonProblem(f"not valid JSON ({self.where()}: expected a value, found {first!r})")
        while True:
            try:
                value, end = self._json.raw_decode(self._buf, self._pos)
            except json.JSONDecodeError as exc:
                if self._grow():
                    continue
                line = self._lines_before + exc.lineno
                column = exc.colno
                raise JsonProblem(f"not valid JSON (line {line}, column {column}: {exc.msg})") from None
            except RecursionError:
                raise JsonProblem(f"a value at {self.where()} is nested too deeply") from None
            except ValueError as exc:  # NaN refused by parse_constant; a number of 4,300+ digits
                raise JsonProblem(f"{exc} ({self.where()})") from None
            # A number cut off by the window's end ('12' of '123') reads as a smaller one.
            if end == len(self._buf) and self._grow():
                continue
            self._pos = end
            return value

    def _grow(self) -> bool:
        """Widen the window for a value that may continue past it; False if it cannot."""
        if len(self._buf) - self._pos > MAX_IMPORT_VALUE:
            raise JsonProblem(
                f"a value at {self.where()} is longer than {MAX_IMPORT_VALUE} characters, the "
                "most one record may hold"
            )
        return self._fill()

    def first(self) -> str:
        """The first character of the text: ``{`` for an object (nothing is consumed)."""
        return self._skip_space()

    def members(self) -> Iterator[str]:
        """The keys of the top-level object, in order; read each one's value before the next."""
        self._expect("{", "an object")
        if self._skip_space() == "}":
            self._pos += 1
            self._end()
            return
        while True:
            if self._skip_space() != '"':
                self._expect('"', "a key")
            key = self.value()
            self._expect(":", "':'")
            yield key
            if self._expect(",}", "',' or '}'") == "}":
                break
        self._end()

    def is_array(self) -> bool:
        """Whether the next value is an array (nothing is consumed)."""
        return self._skip_space() == "["

    def items(self) -> Iterator[Any]:
        """The items of the array that comes next, each decoded whole."""
        return chain.from_iterable(self._item_lists())

    def runs(self, size: int) -> Iterator[list[Any]]:
        """The items of the array that comes next, in lists of ``size`` (the last one shorter).

        If the text goes wrong, the items read before the problem come first as
        a shorter list, with the problem in :attr:`stopped`; asking for the next
        list raises it.
        """
        run: list[Any] = []
        try:
            for many in self._item_lists():
                run += many
                while len(run) >= size:
                    yield run[:size]
                    del run[:size]
        except (JsonProblem, UnicodeDecodeError) as exc:
            self.stopped = exc
            yield run
            raise
        if run:
            yield run

    def _item_lists(self) -> Iterator[list[Any]]:
        """The items of the array that comes next, as they are decoded: many lines at once, or one."""
        self._expect("[", "an array")
        if self._skip_space() == "]":
            self._pos += 1
            return
        while True:
            many = self._whole_lines()
            if many:
                yield many
            else:
                item = self._one_line_object()
                yield [self.value() if item is _NONE else item]
            if self._buf.startswith(",", self._pos):  # the line's own comma: the next item follows
                self._pos += 1
                continue
            if self._expect(",]", "',' or ']'") == "]":
                return

    def _whole_lines(self) -> list[Any] | None:
        """The objects on the lines from here to the last whole line read, decoded at once.

        ``coach export`` writes one record a line; a window holds thousands,
        and one call of the fast decoder for all of them saves the per-record
        work of :meth:`_one_line_object`. The text is taken only up to a line
        that closes the array, and only if it is a list of values as it
        stands (wrapped in brackets, it decodes); anything else (another
        layout, a value the fast decoder refuses) is read a record at a time,
        with the same rules and messages.
        """
        if _fast_loads is None or self._pos < self._batch_from or not self._skip_space():
            return None
        buf, pos = self._buf, self._pos
        end = buf.rfind("\n", pos)
        if end < 0 or buf[pos] != "{":
            return None
        close = _ARRAY_END.search(buf, pos, end + 1)
        if close is not None:
            end = close.start()
        while end > pos and buf[end - 1] in " \t\r\n":
            end -= 1
        if end > pos and buf[end - 1] == ",":
            end -= 1
            while end > pos and buf[end - 1] in " \t\r\n":
                end -= 1
        if end <= pos or buf[end - 1] != "}":
            return None
        try:
            values = _fast_loads("[" + buf[pos:end] + "]")
        except ValueError:
            self._batch_from = end  # not again before here: a record at a time
            return None
        self._pos = end
        return values if isinstance(values, list) else None

    def _one_line_object(self) -> Any:
        """The object that fills the rest of this line, as ``coach export`` lays records out.

        Decoded by orjson, several times faster than the standard decoder; anything
        it does not take as it is (another layout, NaN, a lone surrogate, a huge
        number) returns ``_NONE``, and :meth:`value` reads it, with the same rules
        and messages as any other value.
        """
        if _fast_loads is None:
            return _NONE
        if not self._skip_space():
            return _NONE
        buf, pos = self._buf, self._pos
        end = buf.find("\n", pos)
        if end < 0 or buf[pos] != "{":
            return _NONE
        while buf[end - 1] in " \t\r":
            end -= 1
        if buf[end - 1] == ",":
            end -= 1
            while buf[end - 1] in " \t\r":
                end -= 1
        if buf[end - 1] != "}":
            return _NONE
        try:
            value = _fast_loads(buf[pos:end])
        except ValueError:
            return _NONE
        self._pos = end
        return value

    def skip(self) -> None:
        """Read past the next value (an array item by item, so a large one costs no memory)."""
        if self.is_array():
            for _ in self.items():
                pass
        else:
            self.value()

    def _end(self) -> None:
        if self._skip_space():
            raise JsonProblem(f"not valid JSON ({self.where()}: text after the end of the object)")
