"""The report path's value classes (coachcli.domain.frozen) behave as dataclasses do.

Each test builds one class twice, with ``dataclasses.dataclass`` and with
``frozen.dataclass``, and holds the second to what the first does: construction,
defaults, ``__post_init__``, repr, equality, hashing, frozenness, errors, and
what :mod:`dataclasses`' own functions read. Every behaviour is checked on the
first instances (a generic ``__init__``) and after the class has compiled its own.
"""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import Any

import pytest

from coachcli.domain import frozen


def make(decorator: Any, field: Any, *, frozen_: bool = True, slots: bool = True) -> Any:
    @decorator(frozen=frozen_, slots=slots)
    class Period:
        """A period: its start, label, tags, note and (worked out) total."""

        start: int
        label: str
        tags: list[str] = field(default_factory=list)
        note: str | None = None
        total: int = field(init=False, repr=False, compare=False)

        def __post_init__(self) -> None:
            object.__setattr__(self, "total", self.start * 2)

        @property
        def size(self) -> int:
            return len(self.label)

    return Period


def twins(**kwargs: Any) -> tuple[Any, Any]:
    return make(dataclasses.dataclass, dataclasses.field, **kwargs), make(frozen.dataclass, frozen.field,
                                                                          **kwargs)


def warmed(cls: Any) -> Any:
    """``cls`` after it has made enough instances to compile its own ``__init__``."""
    for i in range(frozen.COMPILE_AFTER + 1):
        cls(i, "x")
    return cls


CALLS: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
    ((3, "walk"), {}),
    ((3,), {"label": "walk", "note": "rain"}),
    ((), {"start": 1, "label": "run", "tags": ["a"]}),
    ((5, "swim", ["x", "y"], None), {}),
]


@pytest.mark.parametrize("warm", [False, True], ids=["generic init", "compiled init"])
def test_instances_say_and_compare_what_their_dataclass_twins_do(warm: bool) -> None:
    real, ours = twins()
    if warm:
        warmed(ours)
    for args, kwargs in CALLS:
        a, b = real(*args, **kwargs), ours(*args, **kwargs)
        assert repr(b) == repr(a)
        assert (b.start, b.label, b.tags, b.note, b.total, b.size) == (a.start, a.label, a.tags, a.note,
                                                                      a.total, a.size)
        with pytest.raises(TypeError):  # a list in a field: unhashable in both
            hash(a)
        with pytest.raises(TypeError):
            hash(b)
        assert b == ours(*args, **kwargs)
        assert b != ours(99, "other")
        assert b != a  # another class: never equal, as with two dataclasses
    # A field left out of ==, and a default factory that gives each instance its own list.
    x, y = ours(1, "a"), ours(1, "a")
    object.__setattr__(y, "total", 7)
    assert x == y
    assert x.tags is not y.tags


def test_a_frozen_instance_hashes_as_its_twin_and_works_in_sets() -> None:
    real, ours = twins()
    for args in [(1, "a", ("t",)), (2, "b", (), "n")]:
        assert hash(ours(*args)) == hash(real(*args))
    assert len({ours(1, "a", ()), ours(1, "a", ()), ours(2, "a", ())}) == 2


@pytest.mark.parametrize("warm", [False, True], ids=["generic init", "compiled init"])
def test_wrong_arguments_are_refused_as_dataclasses_refuse_them(warm: bool) -> None:
    real, ours = twins()
    if warm:
        warmed(ours)
    for args, kwargs in [((), {"label": "x"}), ((1, "a", [], None, 9), {}), ((1, "a"), {"colour": 2}),
                         ((1, "a"), {"label": "b"}), ((1, "a"), {"total": 3})]:
        with pytest.raises(TypeError):
            real(*args, **kwargs)
        with pytest.raises(TypeError):
            ours(*args, **kwargs)


def test_a_frozen_instance_refuses_changes() -> None:
    _, ours = twins()
    p = ours(1, "a")
    with pytest.raises(AttributeError, match="cannot assign to field 'label'"):
        p.label = "b"
    with pytest.raises(AttributeError, match="cannot delete field 'label'"):
        del p.label
    with pytest.raises(AttributeError):
        p.other = 1  # slots: no other attribute either
    assert p.label == "a"


def test_a_mutable_class_takes_changes_and_is_not_hashable() -> None:
    real, ours = twins(frozen_=False)
    a, b = real(1, "a"), ours(1, "a")
    b.label = "b"
    assert b.label == "b"
    with pytest.raises(TypeError):
        hash(a)
    with pytest.raises(TypeError):
        hash(b)


def test_without_slots_it_keeps_a_dict_and_its_defaults_as_dataclasses_do() -> None:
    real, ours = twins(slots=False)
    a, b = real(1, "a"), ours(1, "a")
    assert repr(b) == repr(a)
    assert b == ours(1, "a")
    assert hasattr(b, "__dict__")
    assert not hasattr(ours, "__slots__")
    assert (ours.note, "tags" in vars(ours)) == (real.note, "tags" in vars(real))  # None, False
    with pytest.raises(AttributeError):
        b.label = "b"


def test_dataclasses_own_functions_read_it_as_a_dataclass() -> None:
    real, ours = twins()
    a, b = real(2, "b", ["t"], "n"), ours(2, "b", ["t"], "n")
    assert dataclasses.is_dataclass(b)
    assert dataclasses.is_dataclass(ours)
    assert [(f.name, f.init, f.repr, f.compare) for f in dataclasses.fields(b)] == [
        (f.name, f.init, f.repr, f.compare) for f in dataclasses.fields(a)]
    assert dataclasses.asdict(b) == dataclasses.asdict(a)
    assert dataclasses.astuple(b) == dataclasses.astuple(a)
    assert repr(dataclasses.replace(b, label="c", note=None)) == repr(dataclasses.replace(a, label="c",
                                                                                          note=None))
    assert ours.__match_args__ == real.__match_args__


def test_replace_makes_a_changed_copy_through_init() -> None:
    real, ours = twins()
    for cls in (real, ours):
        p = cls(2, "b", note="n")
        q = frozen.replace(p, start=4)
        assert (q.start, q.label, q.note, q.total) == (4, "b", "n", 8)  # __post_init__ ran again
        assert p.start == 2
        with pytest.raises(ValueError, match="init=False"):
            frozen.replace(p, total=1)


def test_copies_and_pickles_hold_the_same_values() -> None:
    p = Pickled(3, "w")
    for q in (copy.copy(p), copy.deepcopy(p), pickle.loads(pickle.dumps(p))):
        assert q == p
        assert (q.start, q.label, q.total) == (3, "w", 6)


def test_a_class_that_cannot_be_made_says_why() -> None:
    with pytest.raises(ValueError, match="mutable default"):
        @frozen.dataclass(frozen=True, slots=True)
        class Listed:
            items: list[int] = []  # noqa: RUF012
    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):
        @frozen.dataclass(frozen=True, slots=True)
        class Ordered:
            a: int = 0
            b: int  # type: ignore[misc]


Pickled = make(frozen.dataclass, frozen.field)
Pickled.__qualname__ = "Pickled"  # pickle finds a class by its module and name
