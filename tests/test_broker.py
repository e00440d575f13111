"""Celery messages written straight to Redis, delayed retries in a sorted set, run leases."""

from __future__ import annotations

import base64
import json
import threading

import pytest
import redis

from responder.broker import (
    ALIVE_PREFIX, DELAYED_KEY, DONE, LEASE_PREFIX, TAKERS_KEY, DelayedRetries, RedisProducer, RunLeases, celery_message,
    taking_key,
)
from responder.state import State
from responder.wiring import make_celery

pytestmark = pytest.mark.redis


def test_message_has_the_shape_send_task_gives_it(redis_url):
    client = redis.Redis.from_url(redis_url)
    make_celery(redis_url).send_task("responder.handle_message", args=[{"a": "ب"}], task_id="t-1")
    RedisProducer(client).publish("responder.handle_message", [{"a": "ب"}], task_id="t-1")
    ours, celerys = (json.loads(m) for m in client.lrange("celery", 0, -1))  # LPUSH: newest first
    assert ours.keys() == celerys.keys()
    assert ours["headers"].keys() == celerys["headers"].keys()
    assert ours["properties"].keys() == celerys["properties"].keys()
    for key in ("task", "id", "root_id", "eta", "retries", "timelimit"):
        assert ours["headers"][key] == celerys["headers"][key]
    assert ours["properties"]["delivery_info"] == celerys["properties"]["delivery_info"]
    assert json.loads(base64.b64decode(ours["body"])) == json.loads(base64.b64decode(celerys["body"]))
    assert ours["properties"]["delivery_tag"] != celerys["properties"]["delivery_tag"]


def test_delayed_retry_is_moved_to_the_queue_when_due_and_only_then(redis_url):
    client = redis.Redis.from_url(redis_url)
    delayed = DelayedRetries(client)
    delayed.add("responder.handle_message", [{"attempt": 1}], countdown=30, task_id="r-1")
    assert delayed.waiting() == 1
    assert delayed.move_due() == 0 and client.llen("celery") == 0  # not due yet: not in the broker
    now = client.zscore(delayed.key, client.zrange(delayed.key, 0, 0)[0])
    assert delayed.move_due(now=now + 0.001) == 1
    assert delayed.waiting() == 0
    [moved] = client.lrange("celery", 0, -1)
    assert json.loads(moved)["headers"]["id"] == "r-1"
    assert delayed.move_due(now=now + 60) == 0  # moved once


def test_workers_moving_at_once_move_each_retry_exactly_once(redis_url):
    client = redis.Redis.from_url(redis_url)
    delayed = DelayedRetries(client)
    for n in range(300):
        delayed.add("responder.handle_message", [{"n": n}], countdown=0)
    moved: list[int] = []
    barrier = threading.Barrier(4)

    def mover() -> None:
        mine = DelayedRetries(redis.Redis.from_url(redis_url))
        barrier.wait()
        moved.append(sum(mine.move_due(limit=7) for _ in range(100)))

    threads = [threading.Thread(target=mover) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(moved) == 300
    bodies = [json.loads(base64.b64decode(json.loads(m)["body"]))[0][0]["n"] for m in client.lrange("celery", 0, -1)]
    assert sorted(bodies) == list(range(300))


def test_a_lease_keeps_a_message_with_its_live_worker_and_passes_on_when_it_dies(redis_url):
    client = redis.Redis.from_url(redis_url)
    first, second = RunLeases(client, "worker-a"), RunLeases(client, "worker-b")
    first.heartbeat()
    second.heartbeat()
    assert first.begin("task-1") == "run"
    assert second.begin("task-1") == "busy"  # the broker's second copy while worker-a still runs it
    client.delete(ALIVE_PREFIX + "worker-a")  # worker-a was killed: its heartbeat lapses
    assert second.begin("task-1") == "run"
    second.finish("task-1")
    assert first.begin("task-1") == "done"  # any later copy is dropped


def test_what_a_dead_worker_had_taken_goes_back_to_the_queue(redis_url):
    """The gap kombu leaves: a message off the queue and not yet recorded as unacknowledged
    when the worker dies.  responder.transport takes it into the worker's own list instead."""
    client = redis.Redis.from_url(redis_url)
    delayed = DelayedRetries(client)
    client.sadd(TAKERS_KEY, "dead", "alive")
    client.set(ALIVE_PREFIX + "alive", 1, ex=10)
    client.lpush(taking_key("dead"), "m-1", "m-2")
    client.lpush(taking_key("alive"), "m-3")  # a live worker is recording it this very moment
    assert delayed.return_orphans() == 2
    assert sorted(client.lrange("celery", 0, -1)) == [b"m-1", b"m-2"]
    assert client.llen(taking_key("alive")) == 1
    assert client.smembers(TAKERS_KEY) == {b"alive"}
    assert delayed.return_orphans() == 0  # returned once


def test_a_real_worker_takes_runs_and_acknowledges_through_the_take_script(redis_url, tmp_path):
    """End to end through the custom transport: consumed, run, acknowledged with a later take."""
    import os
    import subprocess
    import sys
    import time

    from tests.conftest import ROOT

    env = {**os.environ, "REDIS_URL": redis_url, "DATABASE_URL": f"sqlite:///{tmp_path}/log.db",
           "RULES_DIR": str(ROOT / "rules"), "DIVAR_IDENTIFICATION_KEY": "k", "WORKER_CONCURRENCY": "2"}  # fmt: skip
    worker = subprocess.Popen([sys.executable, "-m", "responder", "worker"], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    client = redis.Redis.from_url(redis_url)
    try:
        RedisProducer(client).publish("responder.record_event", ["POST_UPDATE", {}, "2026-11-25T10:00:00+00:00"], "ev-1")
        deadline = time.monotonic() + 30
        while client.get("responder:run:ev-1") != b"done" and time.monotonic() < deadline:
            time.sleep(0.1)
        assert client.get("responder:run:ev-1") == b"done"
        while client.hlen("unacked") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert client.hlen("unacked") == 0 and client.llen("celery") == 0
        assert client.smembers(TAKERS_KEY) == set()  # no taking list any more
    finally:
        worker.terminate()
        worker.wait(timeout=20)


def test_a_copy_of_a_message_still_running_waits_and_runs_only_if_its_worker_died(redis_url, monkeypatch):
    """The short visibility timeout hands out a message a slow run still has: the copy must
    not run beside it (it waits, then is dropped once the run is done), unless that run's
    worker is dead."""
    from types import SimpleNamespace

    from responder import tasks

    client = redis.Redis.from_url(redis_url)
    here = SimpleNamespace(leases=RunLeases(client, "worker-b"), delayed=DelayedRetries(client))
    here.leases.heartbeat()
    monkeypatch.setattr(tasks, "worker", lambda: here)
    ran: list[tuple] = []
    body = tasks.leased(lambda self, *args: ran.append(args))

    def task(task_id: str) -> SimpleNamespace:
        return SimpleNamespace(request=SimpleNamespace(id=task_id), name="responder.handle_message")

    slow = RunLeases(client, "worker-a")
    slow.heartbeat()
    assert slow.begin("t-1") == "run"  # worker-a is still sending it
    body(task("t-1"), {"n": 1})
    assert ran == []
    [waiting] = client.zrange(DELAYED_KEY, 0, -1)
    assert json.loads(waiting)["headers"]["id"] == "t-1"  # looks again later, as the same task
    slow.finish("t-1")
    body(task("t-1"), {"n": 1})
    assert ran == []  # the run finished it: the copy is dropped

    dead = RunLeases(client, "worker-c")
    dead.heartbeat()
    assert dead.begin("t-2") == "run"
    client.delete(ALIVE_PREFIX + "worker-c")  # killed mid-run
    body(task("t-2"), {"n": 2})
    assert ran == [({"n": 2},)]
    assert client.get(LEASE_PREFIX + "t-2") == DONE


def test_a_lease_counts_its_run_in_the_same_step_and_clears_it_when_the_run_ends(redis_url):
    """The run counter responder.guard reads (runs that never ended: the worker died in
    them) is kept by the lease script, not by two more round trips of its own."""
    client = redis.Redis.from_url(redis_url)
    runs_key = "responder:runs:t-1"  # State's key: what State.start_run counts and the guard reads
    first = RunLeases(client, "worker-a")
    first.heartbeat()
    assert first.begin("t-1") == "run"
    assert client.get(runs_key) == b"1" and 0 < client.ttl(runs_key)
    assert first.start_run("t-1") == 1  # counted by begin: no round trip
    client.delete(ALIVE_PREFIX + "worker-a")  # killed mid-run: the count stays
    second = RunLeases(client, "worker-b")
    second.heartbeat()
    assert second.begin("t-1") == "run" and second.start_run("t-1") == 2
    second.end_run("t-1")
    assert client.get(runs_key) == b"2"  # ended with the lease, below
    second.finish("t-1")
    assert client.get(runs_key) is None and client.get(LEASE_PREFIX + "t-1") == DONE
    assert second.begin("t-1") == "done" and client.get(runs_key) is None  # a dropped copy is no run
    assert second.begin("t-2") == "run"
    second.release("t-2")
    assert client.get(runs_key.replace("t-1", "t-2")) is None and client.get(LEASE_PREFIX + "t-2") is None
    assert second.start_run("t-3") == 1  # without begin: counted as State counts it
    assert State(client).start_run("t-3") == 2


def test_the_worker_runs_without_remote_control_gossip_or_event_heartbeats(redis_url):
    """Each keeps a fanout subscription the event loop checks on every turn; nothing here
    uses them (no `celery inspect`, no event monitor)."""
    from responder.config import Settings
    from responder.wiring import configure_worker

    app = make_celery(redis_url)
    argv = configure_worker(app, Settings.from_env(), concurrency=4)
    assert app.conf.worker_enable_remote_control is False
    assert {"--without-gossip", "--without-mingle", "--without-heartbeat"} <= set(argv) and argv[0] == "worker"
    assert (app.conf.worker_pool, app.conf.worker_concurrency) == ("threads", 4)
