"""A Jinja sandbox that also bounds time, memory and output: one rule cannot run away.

Jinja's sandbox keeps templates away from Python internals, but not from costing: before
this, ``{{ "a" * 10**8 }}`` took 53 s and 8 GB and sent 100 MB to Divar, and a 30,000 ×
30,000 loop stalled the workers for 40 s.  Every way a template can grow work or memory
passes through a hook here, and each hook checks one per-render :class:`Budget`:

* ``*``, ``**``, ``+`` and ``%`` are intercepted (``intercepted_binops``): a result longer
  than :data:`MAX_OUTPUT` characters, or a number over :data:`MAX_INT_BITS` bits, is refused
  before it is built;
* ``range`` is ours: at most :data:`MAX_RANGE` items each, :data:`MAX_ITERATIONS` in all;
* calls, filters, attribute and item reads check the clock (:data:`MAX_SECONDS`), refuse
  padding widths over :data:`MAX_OUTPUT`, and refuse reading back a string grown past
  :data:`MAX_VALUE` (a namespace doubling itself in a loop);
* the output is streamed and cut at :data:`MAX_OUTPUT` characters.

Constant folding of intercepted operators is off in a sandbox, so ``{{ 10 ** 5000 }}`` is
not computed at load time; :func:`constant_problems` finds such expressions for ``check``.
"""

from __future__ import annotations

import functools
import operator
import re
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_OUTPUT = 4096  # characters of a reply: a chat message, not a document
MAX_VALUE = 65536  # characters of any string a template reads (a buyer's text fits: the body is 64 KiB)
MAX_INT_BITS = 256  # about 77 decimal digits: any price, never a 5000-digit number
MAX_RANGE = 1000
MAX_ITERATIONS = 10_000  # range items over the whole render
MAX_SECONDS = 1.0
_PADDING = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs", "indent", "wordwrap", "truncate"})
_WIDE_FORMAT = re.compile(r"%[-+ #0]*(?:\*|\d{5,})|\{[^{}]*:[^{}]*\d{5,}[^{}]*\}")
_DICT_ATTRIBUTES = frozenset(dir(dict))  # what getattr finds on a plain dict; any other name is one of its keys


class LimitExceeded(Exception):
    """A template went past one of the render limits."""


class Budget:
    """What one render may still spend."""

    def __init__(self) -> None:
        self.deadline = time.monotonic() + MAX_SECONDS
        self.iterations = MAX_ITERATIONS

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise LimitExceeded(f"the template ran longer than {MAX_SECONDS:g} s")


_local = threading.local()


def _budget() -> Budget:
    budget = getattr(_local, "budget", None)
    if budget is None:  # a bare ``template.render`` outside render_bounded: limits per call, none left set for
        budget = Budget()  # the thread (a stored one would expire and refuse every later bare render after 1 s)
    budget.tick()
    return budget


def render_bounded(template: Any, context: dict[str, Any]) -> str:
    """Render with a fresh :class:`Budget`; raises :class:`LimitExceeded` past a limit.

    Jinja's low-level API (``root_render_func`` on ``new_context``): ``generate`` would copy the context once
    more and wrap every chunk in a generator of its own only to rewrite the traceback of an error, which
    :func:`.render.render` drops (it keeps the message)."""
    _local.budget = budget = Budget()
    try:
        parts: list[str] = []
        size = 0
        for chunk in template.root_render_func(template.new_context(context)):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise LimitExceeded(f"the reply is longer than {MAX_OUTPUT} characters")
            budget.tick()
            parts.append(chunk)
        return "".join(parts)
    finally:
        _local.budget = None


def _check_value(value: Any) -> Any:
    if isinstance(value, str) and len(value) > MAX_VALUE:
        raise LimitExceeded(f"a value is longer than {MAX_VALUE} characters")
    return value


def _sized(value: Any) -> int | None:
    return len(value) if isinstance(value, (str, list, tuple)) else None


def _bits(value: Any) -> int:
    return abs(value).bit_length() if isinstance(value, int) and not isinstance(value, bool) else 0


def _multiply(left: Any, right: Any) -> Any:
    for sequence, count in ((left, right), (right, left)):
        size = _sized(sequence)
        if size is not None and isinstance(count, int) and size * max(count, 0) > MAX_OUTPUT:
            raise LimitExceeded(f"repeating a value would make more than {MAX_OUTPUT} characters")
    if _bits(left) + _bits(right) > MAX_INT_BITS:
        raise LimitExceeded(f"a number would have more than {MAX_INT_BITS} bits")
    return operator.mul(left, right)


def _power(left: Any, right: Any) -> Any:
    if isinstance(right, int) and not isinstance(right, bool) and right > 0 and _bits(left) > 1:
        if (_bits(left) - 1) * right > MAX_INT_BITS:
            raise LimitExceeded(f"a power would have more than {MAX_INT_BITS} bits")
    return operator.pow(left, right)


def _add(left: Any, right: Any) -> Any:
    sizes = (_sized(left), _sized(right))
    if None not in sizes and sum(sizes) > MAX_VALUE:  # type: ignore[arg-type]
        raise LimitExceeded(f"joining values would make more than {MAX_VALUE} characters")
    return operator.add(left, right)


def _modulo(left: Any, right: Any) -> Any:
    if isinstance(left, str):
        _check_format(left)
    return operator.mod(left, right)


def _check_format(spec: str) -> None:
    if _WIDE_FORMAT.search(spec):
        raise LimitExceeded(f"a format width over {MAX_OUTPUT} characters")


def _check_args(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_OUTPUT:
            raise LimitExceeded(f"a width over {MAX_OUTPUT} characters")


def bounded_range(*args: int) -> Iterator[int]:
    """``range`` with at most :data:`MAX_RANGE` items, counted against the render's budget."""
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise LimitExceeded(f"range() of more than {MAX_RANGE} items")
    budget = _budget()
    for number in numbers:
        budget.iterations -= 1
        if budget.iterations < 0:
            raise LimitExceeded(f"loops ran more than {MAX_ITERATIONS} times")
        budget.tick()
        yield number


def _guard_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _budget()
        if name in _PADDING:
            _check_args(args[1:], kwargs)
        elif name == "format" and args and isinstance(args[0], str):
            _check_format(args[0])
        return _check_value(function(*args, **kwargs))

    return guarded  # functools.wraps also copies Jinja's pass_context/pass_environment mark


_BINOPS: dict[str, Callable[[Any, Any], Any]] = {"*": _multiply, "**": _power, "+": _add, "%": _modulo}


class _NotConstant(Exception):
    pass


def constant_problems(ast: nodes.Template) -> list[tuple[int, str]]:
    """``(line, limit)`` for each expression of constants that can never render.

    ``{{ 10 ** 5000 }}`` or ``range(30000)`` fail on every message: ``responder check``
    reports them with their line instead of the log filling with ``failed:render``.
    """
    found: dict[int, str] = {}
    for node in ast.find_all((nodes.BinExpr, nodes.Call)):
        try:
            if isinstance(node, nodes.Call):
                if isinstance(node.node, nodes.Name) and node.node.name == "range" and not node.kwargs:
                    numbers = range(*(_constant(arg) for arg in node.args))
                    if len(numbers) > MAX_RANGE:
                        raise LimitExceeded(f"range() of more than {MAX_RANGE} items")
            else:
                _constant(node)
        except LimitExceeded as exc:
            found.setdefault(node.lineno, str(exc))
        except Exception:  # not constant, or an error the render reports with its message
            continue
    return sorted(found.items())


def _constant(node: nodes.Node) -> Any:
    if isinstance(node, nodes.Const):
        return node.value
    if isinstance(node, nodes.BinExpr) and node.operator in _BINOPS:
        return _BINOPS[node.operator](_constant(node.left), _constant(node.right))
    raise _NotConstant


class BoundedSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset(_BINOPS)

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals = {"range": bounded_range, "dict": dict}  # no lipsum (unbounded n), cycler or joiner needed

    def make_globals(self, d: Any = None) -> dict[str, Any]:
        """A template's globals as one plain dict, not Jinja's ``ChainMap`` over the environment's: every
        render copies them into its context, and a ``ChainMap`` copy (a ``KeyError`` per name it looks up in
        the empty first map) cost ~7 µs of a ~25 µs reply. Ours are set once in ``__init__`` and never changed."""
        return {**self.globals, **(d or {})}

    def bound_filters(self) -> None:
        """Wrap every filter registered so far (call after adding our own)."""
        self.filters = {name: _guard_filter(name, function) for name, function in self.filters.items()}

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        _budget()
        return _check_value(_BINOPS[operator_](left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja's signature)
        _budget()
        if getattr(__obj, "__name__", "") in _PADDING:
            _check_args(args, kwargs)
        return _check_value(super().call(__context, __obj, *args, **kwargs))

    def getattr(self, obj: Any, attribute: str) -> Any:
        _budget()
        if type(obj) is dict and type(attribute) is str and attribute not in _DICT_ATTRIBUTES and attribute in obj:
            # ``vars.price``: Jinja's getattr tries the attribute first and reads the key after the AttributeError
            # (~1.5 µs); a plain dict has no other attributes, so the key is what it would return
            return _check_value(obj[attribute])
        if attribute in ("format", "format_map") and isinstance(obj, str):
            _check_format(obj)  # the sandbox wraps str.format; the width is in the string itself
        return _check_value(super().getattr(obj, attribute))

    def getitem(self, obj: Any, argument: Any) -> Any:
        _budget()
        return _check_value(super().getitem(obj, argument))
