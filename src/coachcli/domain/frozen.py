"""Value classes as ``dataclasses`` makes them, created for the cost of a plain class.

``dataclasses.dataclass`` writes out and compiles the source of six methods for
every class as its module is imported: about 2 ms a class. The report path
defines some forty (its inputs and outputs, the document blocks, schedules,
measures), which cost ``coach report -c NAME`` more start-up than the report
itself, and ``dataclasses`` brings ``inspect`` and ``ast`` with it.

:func:`dataclass` takes the arguments those classes use (``frozen``, ``slots``;
:func:`field`'s ``default``, ``default_factory``, ``init``, ``repr`` and
``compare``) and gives the same methods: ``__init__`` (with
``__post_init__``), ``__repr__``, ``__eq__``, ``__hash__`` (frozen) or none,
frozenness, ``__match_args__``, pickling. Only ``__init__`` is compiled, when
the class's first instance is made; the others are shared. A class made here
still answers :mod:`dataclasses`' ``fields``, ``asdict``, ``replace`` and
``is_dataclass`` (its ``__dataclass_fields__`` is built the first time it is
read); :func:`replace` here does what ``dataclasses.replace`` does without
importing it. ``tests/test_frozen.py`` holds both kinds of class to the same
behaviour.
"""

from __future__ import annotations

from operator import attrgetter

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar, dataclass_transform

    T = TypeVar("T")
else:
    def dataclass_transform(**_kwargs):
        return lambda f: f


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


#: No default (``dataclasses.MISSING``'s part).
MISSING: Any = _Missing()
#: The argument left out of an ``__init__`` whose field has a default factory.
_FACTORY: Any = _Missing()


class FrozenInstanceError(AttributeError):
    """Assigning to (or deleting) a field of a frozen instance, as with ``dataclasses``."""


class Field:
    """One field: its name, default (or default factory) and which methods it takes part in."""

    __slots__ = ("compare", "default", "default_factory", "init", "name", "repr", "type")

    def __init__(self, default: Any, default_factory: Callable[[], Any] | Any, init: bool,
                 repr: bool, compare: bool) -> None:
        self.name = ""
        self.type: Any = None
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.compare = compare


def field(*, default: Any = MISSING, default_factory: Callable[[], Any] | Any = MISSING,
          init: bool = True, repr: bool = True, compare: bool = True) -> Any:
    """A field with a default, a default factory, or left out of ``__init__``/repr/``==``."""
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, init, repr, compare)


@dataclass_transform(field_specifiers=(field,))
def dataclass(*, frozen: bool = False, slots: bool = False) -> Callable[[type[T]], type[T]]:
    """``@dataclasses.dataclass(frozen=..., slots=...)``, without compiling at import."""

    def wrap(cls: type[T]) -> type[T]:
        return _process(cls, frozen, slots)

    return wrap


def _fields_of(cls: type) -> list[Field]:
    if any(hasattr(base, "__record_fields__") or hasattr(base, "__dataclass_fields__")
           for base in cls.__mro__[1:]):
        raise TypeError(f"{cls.__qualname__}: a value class here does not inherit fields")
    out: list[Field] = []
    seen_default = False
    # (inspect.get_annotations would import inspect, which this module is here to avoid)
    for name, kind in cls.__dict__.get("__annotations__", {}).items():  # noqa: RUF063
        text = kind if isinstance(kind, str) else repr(kind)  # (evaluated, in some modules)
        if text.startswith(("ClassVar", "typing.ClassVar", "InitVar", "dataclasses.")):
            raise TypeError(f"{cls.__qualname__}.{name}: ClassVar and InitVar are not supported")
        value = cls.__dict__.get(name, MISSING)
        f = value if isinstance(value, Field) else Field(value, MISSING, True, True, True)
        f.name = name
        f.type = kind
        if isinstance(f.default, (list, dict, set)):
            raise ValueError(f"mutable default {type(f.default)} for field {name} is not allowed: "
                             "use default_factory")
        if f.init:
            has_default = f.default is not MISSING or f.default_factory is not MISSING
            if seen_default and not has_default:
                raise TypeError(f"non-default argument {name!r} follows default argument")
            seen_default = seen_default or has_default
        out.append(f)
    return out


def _process(given: type[T], frozen: bool, slots: bool) -> type[T]:
    fields = _fields_of(given)
    names = tuple(f.name for f in fields)
    own = dict(given.__dict__)
    made: list[Any] = []  # the class, once made (its __init__ replaces itself on it)
    compared = [f.name for f in fields if f.compare]
    added: dict[str, object] = {
        "__record_fields__": tuple(fields),
        "__dataclass_fields__": _LazyFields(),
        "__match_args__": tuple(f.name for f in fields if f.init),
        "__record_key__": (attrgetter(*compared) if len(compared) > 1
                           else (lambda self, n=compared[0]: (getattr(self, n),)) if compared
                           else (lambda self: ())),
    }
    methods: dict[str, object] = {"__init__": _lazy_init(made, fields, frozen), "__repr__": _repr,
                                  "__eq__": _eq}
    if frozen:
        methods |= {"__setattr__": _frozen_setattr, "__delattr__": _frozen_delattr}
    if slots:
        methods |= {"__getstate__": _getstate, "__setstate__": _setstate}
    # A method the class defines itself stays, as with dataclasses.
    added |= {name: method for name, method in methods.items() if name not in own}
    # dataclasses' rule: a __hash__ the class defines stays (one Python set to None
    # because the class defines __eq__ does not count); else frozen: by the compared
    # fields, mutable: unhashable.
    if not ("__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)):
        added["__hash__"] = _hash if frozen else None
    if slots:
        # A new class, as dataclasses makes: slots are fixed when a class is created (and
        # the methods go in with them: each set on a class afterwards costs a slot update).
        ns = {k: v for k, v in own.items() if k not in names and k not in ("__dict__", "__weakref__")}
        ns |= added
        ns["__slots__"] = names
        meta: Any = type(given)
        cls = meta(given.__name__, given.__bases__, ns)
        cls.__qualname__ = given.__qualname__
    else:
        cls = given
        for f in fields:  # as dataclasses leaves them: the default as a class attribute, or none
            if isinstance(own.get(f.name), Field):
                if f.default is MISSING:
                    delattr(cls, f.name)
                else:
                    setattr(cls, f.name, f.default)
        for name, value in added.items():
            setattr(cls, name, value)
    made.append(cls)
    result: type[T] = cls
    return result


#: Instances a class makes through the generic ``__init__`` before its own is compiled:
#: compiling one costs about what 60 generic calls cost more than compiled ones. A
#: report -c makes a handful of most classes (60-odd of the most made), a caseload's
#: report 100,000 of some.
COMPILE_AFTER = 64


def _lazy_init(made: list[Any], fields: list[Field], frozen: bool) -> Callable[..., None]:
    """``__init__``: generic for the first :data:`COMPILE_AFTER` instances, then compiled.

    ``made`` holds the class, once it is made.
    """
    generic: Callable[[Any, tuple[Any, ...], dict[str, Any]], None] | None = None
    calls = 0

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        nonlocal calls, generic
        calls += 1
        cls = made[0]
        if calls <= COMPILE_AFTER:
            if generic is None:
                generic = _generic_init(cls, fields, frozen)
            generic(self, args, kwargs)
            return
        real = _compile_init(cls, fields, frozen)
        cls.__init__ = real
        real(self, *args, **kwargs)

    return __init__


def _generic_init(cls: type, fields: list[Field],
                  frozen: bool) -> Callable[[Any, tuple[Any, ...], dict[str, Any]], None]:
    """What the compiled ``__init__`` does, read from ``fields`` at each call."""
    params = [f for f in fields if f.init]
    rest = [f for f in fields if not f.init
            and (f.default is not MISSING or f.default_factory is not MISSING)]
    put = object.__setattr__ if frozen else setattr
    post = hasattr(cls, "__post_init__")
    where = f"{cls.__qualname__}.__init__()"

    def init(self: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        if len(args) > len(params):
            raise TypeError(f"{where} takes {len(params) + 1} positional arguments "
                            f"but {len(args) + 1} were given")
        for f, value in zip(params, args, strict=False):
            if f.name in kwargs:
                raise TypeError(f"{where} got multiple values for argument {f.name!r}")
            put(self, f.name, value)
        for f in params[len(args):]:
            if f.name in kwargs:
                value = kwargs.pop(f.name)
            elif f.default is not MISSING:
                value = f.default
            elif f.default_factory is not MISSING:
                value = f.default_factory()
            else:
                raise TypeError(f"{where} missing 1 required argument: {f.name!r}")
            put(self, f.name, value)
        if kwargs:  # a name left that is no parameter
            raise TypeError(f"{where} got an unexpected keyword argument {next(iter(kwargs))!r}")
        for f in rest:
            put(self, f.name, f.default if f.default_factory is MISSING else f.default_factory())
        if post:
            self.__post_init__()

    return init


def _compile_init(cls: type, fields: list[Field], frozen: bool) -> Callable[..., None]:
    """``__init__``'s source, written and compiled as ``dataclasses`` would."""
    env: dict[str, Any] = {"_FACTORY": _FACTORY, "_set": object.__setattr__}
    params: list[str] = []
    body: list[str] = []

    def assign(name: str, value: str) -> None:
        body.append(f"  _set(self, {name!r}, {value})" if frozen else f"  self.{name} = {value}")

    for f in fields:
        if f.default_factory is not MISSING:
            env[f"_make_{f.name}"] = f.default_factory
            if f.init:
                params.append(f"{f.name}=_FACTORY")
                assign(f.name, f"_make_{f.name}() if {f.name} is _FACTORY else {f.name}")
            else:
                assign(f.name, f"_make_{f.name}()")
        elif f.init:
            if f.default is MISSING:
                params.append(f.name)
            else:
                env[f"_default_{f.name}"] = f.default
                params.append(f"{f.name}=_default_{f.name}")
            assign(f.name, f.name)
        elif f.default is not MISSING:
            env[f"_default_{f.name}"] = f.default
            assign(f.name, f"_default_{f.name}")
    if hasattr(cls, "__post_init__"):
        body.append("  self.__post_init__()")
    source = f"def __init__(self, {', '.join(params)}):\n" + ("\n".join(body) or "  pass") + "\n"
    exec(source, env)  # noqa: S102  (the source is built from the class's field names)
    init: Callable[..., None] = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _repr(self: Any) -> str:
    shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in self.__record_fields__ if f.repr)
    return f"{self.__class__.__qualname__}({shown})"


def _eq(self: Any, other: Any) -> object:
    if other.__class__ is self.__class__:
        key = self.__class__.__record_key__
        return bool(key(self) == key(other))
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self.__class__.__record_key__(self))


def _frozen_setattr(self: Any, name: str, value: object) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _getstate(self: Any) -> list[object]:
    return [getattr(self, f.name) for f in self.__record_fields__]


def _setstate(self: Any, state: list[object]) -> None:
    for f, value in zip(self.__record_fields__, state, strict=False):
        object.__setattr__(self, f.name, value)


class _LazyFields:
    """``__dataclass_fields__``: :mod:`dataclasses`' own fields, made when first read."""

    def __get__(self, obj: object, owner: type) -> dict[str, Any]:
        import dataclasses

        built: dict[str, Any] = {}
        for f in owner.__record_fields__:  # type: ignore[attr-defined]
            d: Any = dataclasses.field(
                default=dataclasses.MISSING if f.default is MISSING else f.default,
                default_factory=(dataclasses.MISSING if f.default_factory is MISSING
                                 else f.default_factory),
                init=f.init, repr=f.repr, compare=f.compare)
            d.name = f.name
            d.type = f.type
            d._field_type = dataclasses._FIELD  # type: ignore[attr-defined]  # (what fields() reads)
            built[f.name] = d
        type.__setattr__(owner, "__dataclass_fields__", built)
        return built


def replace(obj: T, /, **changes: Any) -> T:
    """``dataclasses.replace``: a copy of ``obj`` with ``changes``, through ``__init__``."""
    if not hasattr(obj, "__record_fields__"):  # a class of dataclasses' own
        import dataclasses

        return dataclasses.replace(obj, **changes)  # type: ignore[type-var]
    for f in obj.__record_fields__:
        if not f.init:
            if f.name in changes:
                raise ValueError(f"field {f.name} is declared with init=False, it cannot be "
                                 "specified with replace()")
            continue
        if f.name not in changes:
            changes[f.name] = getattr(obj, f.name)
    return obj.__class__(**changes)
