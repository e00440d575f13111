"""Celery's side of "a poison message never takes a worker down".

Three layers, outermost first:

1. **Decoding.**  The worker's main process decodes each task and pickles its arguments to
   hand them to a pool process; a body nested deep enough makes that pickling raise
   ``RecursionError`` and kills the main process, and every restart dies again on the same
   unacknowledged message.  :func:`install_bounded_json` replaces the JSON decoder so an
   argument over :mod:`responder.limits`' bounds (or a body too deep to decode) reaches the
   task as a small marker instead.
2. **Deliveries.**  :func:`guarded` counts each run of a task in Redis and clears the count
   when the run ends, however it ends.  A count left behind means a worker process died
   in the run (a hard time limit, memory, a crash); after
   :data:`responder.limits.MAX_RUNS` such runs the task is not run again (the embedded
   queue counts its held jobs' runs by the same rule, in the database).
3. **Handling.**  :meth:`Responder.handle` logs ``failed:<reason>`` for any error that is
   not a passing outage; :func:`guarded` catches what is left.

A message that cannot be handled ends as a ``failed:<reason>`` row in the reply log when
its message can be read, else in the dead-letter list (:meth:`State.park`, Redis key
``responder:dead-letter``) with its task id and reason.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any, Protocol

from celery.exceptions import Retry
from kombu.serialization import registry
from kombu.utils import json as kombu_json

from responder.limits import died_too_often, shape_problem
from responder.worker import TRANSIENT, Delivery, Responder

log = logging.getLogger(__name__)

TASK_SOFT_TIME_LIMIT = 90  # seconds: SoftTimeLimitExceeded inside the task, logged failed:time_limit
TASK_TIME_LIMIT = 120  # seconds: the pool process is killed (then limits.MAX_RUNS applies)
POISON = "__responder_poison__"


def bounded_loads(data: str | bytes) -> Any:
    """kombu's JSON decoder, with every task argument over the bounds replaced by a marker."""
    try:
        body = kombu_json.loads(data)
    except RecursionError:
        return [[{POISON: "body nested too deep to decode"}], {}, {}]
    if not (isinstance(body, list) and len(body) == 3 and isinstance(body[0], list) and isinstance(body[1], dict)):
        return body  # not a task body (protocol 2: [args, kwargs, embed]); kombu's own checks apply
    args, kwargs, embed = body
    args = [_bounded(arg) for arg in args]
    kwargs = {key: _bounded(value) for key, value in kwargs.items()}
    return [args, kwargs, embed if shape_problem(embed) is None else {}]


def _bounded(value: Any) -> Any:
    problem = shape_problem(value)
    return {POISON: problem} if problem else value


def install_bounded_json() -> None:
    """Make ``application/json`` decode through :func:`bounded_loads` in this process."""
    registry.register("json", kombu_json.dumps, bounded_loads, content_type="application/json", content_encoding="utf-8")


class RunCounter(Protocol):
    def start_run(self, task_id: str) -> int: ...
    def end_run(self, task_id: str) -> None: ...


def guarded(
    responder: Callable[[], Responder], runs: Callable[[], RunCounter] | None = None
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a bound task: poison arguments, runs that killed a worker and stray errors are
    logged or parked, never raised again and again.

    Runs are counted by ``runs()`` (default: the responder's :class:`State`); the Celery
    tasks pass their run leases, which count a run in the same round trip as the lease."""
    counter = runs or (lambda: responder().state)

    def decorate(task_function: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(task_function)

        @functools.wraps(task_function)
        def run(task: Any, *args: Any, **kwargs: Any) -> Any:
            task_id = str(task.request.id)
            problem = _poison(args, kwargs) or _arity(signature, task, args, kwargs)
            if problem:
                return _give_up(responder, task, args, "failed:poison", problem)
            counts = counter()
            died = died_too_often(counts.start_run(task_id))
            if died:
                counts.end_run(task_id)
                return _give_up(responder, task, args, "failed:poison", died)
            try:
                return task_function(task, *args, **kwargs)
            except TRANSIENT:
                raise
            except Exception as exc:
                if isinstance(exc, Retry):  # self.retry(): a new message carries on
                    raise
                log.exception("task %s (%s) failed", task.name, task_id)
                return _give_up(responder, task, args, "failed:internal_error", f"{type(exc).__name__}: {exc}")
            finally:
                counts.end_run(task_id)

        return run

    return decorate


def _poison(args: tuple[Any, ...], kwargs: dict[str, Any]) -> str | None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, dict) and POISON in value:
            return str(value[POISON])
    return None


def _arity(signature: inspect.Signature, task: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str | None:
    try:
        signature.bind(task, *args, **kwargs)
    except TypeError as exc:
        return f"bad arguments: {exc}"
    return None


def _give_up(responder: Callable[[], Responder], task: Any, args: tuple[Any, ...], outcome: str, detail: str) -> str:
    """A ``failed:`` row if the message can be read; else the dead-letter list."""
    worker = responder()
    if task.name == "responder.handle_message" and len(args) == 1:
        try:
            delivery = Delivery.from_dict(args[0])
        except Exception:  # unreadable: parked below
            delivery = None
        if delivery is not None:
            log.error("message %s: %s (%s)", delivery.message.id, outcome, detail)
            return worker.give_up(delivery, outcome, detail)
    entry = {"task_id": str(task.request.id), "task": task.name, "reason": f"{outcome}: {detail}",
             "at": datetime.now(timezone.utc).isoformat(), "args": repr(args)[:2000]}  # fmt: skip
    worker.state.park(entry)
    log.error("task %s (%s) parked in the dead-letter list: %s: %s", task.name, task.request.id, outcome, detail)
    return outcome
