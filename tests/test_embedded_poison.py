"""A poison message cannot crash-loop the embedded mode (issue 9, class 2).

A held job whose handling kills the whole process (a crash in a C extension, the memory
killer) used to be resumed at every start, killing it again, with every later message
stuck behind it.  Each run is now counted in the job's held row before it runs; after
``MAX_RUNS`` runs the process died in, the job is logged ``failed:poison`` and released.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import Column, DateTime, MetaData, String, Table, Text, create_engine, insert

from responder.limits import MAX_RUNS
from responder.queues import ISOLATE_AFTER, LocalQueue
from responder.store import Store
from responder.worker import Delivery
from tests.test_local_queue import delivery, process, rules, wait_until  # noqa: F401 - rules: a fixture
from tests.test_privacy import database_url, stores_opened_at_once  # noqa: F401 - database_url: a fixture

ROOT = Path(__file__).resolve().parent.parent
JOB = "message:owner-m-1"


def test_runs_are_counted_until_the_job_ends_or_waits(database_url):
    store = Store(database_url)
    store.hold(JOB, "message", {"n": 1})
    assert [store.start_run(JOB), store.start_run(JOB)] == [1, 2]  # each committed on its own
    assert Store(database_url).unfinished_runs() == {JOB: 2}  # what the next start sees
    store.hold(JOB, "message", {"n": 2})  # a retry: the run ended
    assert store.unfinished_runs() == {}
    assert store.start_run(JOB) == 1
    store.release(JOB)
    assert (store.unfinished_runs(), store.start_run(JOB), store.held_jobs()) == ({}, 0, [])


def old_held_table(url: str) -> None:
    """The held table as versions before the run counter made it, with a job in it."""
    engine = create_engine(url)
    old = Table("held", MetaData(), Column("id", String(300), primary_key=True), Column("kind", String(10), nullable=False),
                Column("body", Text, nullable=False), Column("held_at", DateTime(timezone=True), nullable=False))  # fmt: skip
    old.create(engine)
    with engine.begin() as conn:
        conn.execute(insert(old).values(id=JOB, kind="message", body='{"n": 1}', held_at=datetime.now(timezone.utc)))
    engine.dispose()


def test_an_older_database_gains_the_counter_on_open(database_url):
    old_held_table(database_url)
    stores = stores_opened_at_once(database_url, 3)  # several processes starting at once
    store = stores[0]
    assert (store.held_jobs(), store.unfinished_runs()) == ([(JOB, "message", {"n": 1})], {})
    assert store.start_run(JOB) == 1


def crashing_start(rules_dir: str, tmp_dir: str, divar_url: str) -> None:
    """One `responder serve` start in which handling ``killer`` kills the whole process
    (``os._exit``, as a segfault would) while ``bystander`` is being handled beside it."""
    responder = process(Path(rules_dir), Path(tmp_dir), divar_url)
    handle, bystander_running = responder.handle, threading.Event()
    isolated = responder.store.unfinished_runs().get("message:owner-bystander", 0) >= ISOLATE_AFTER  # it will not run

    def hooked(job: Delivery) -> str | None:  # called once the run is counted
        if job.message.id == "killer":
            if not isolated:  # side by side: die while the bystander runs
                bystander_running.wait(10)
            os._exit(70)
        if job.message.id == "bystander":
            bystander_running.set()
            time.sleep(60)
        return handle(job)

    responder.handle = hooked  # type: ignore[method-assign]
    LocalQueue(responder, threads=2)
    time.sleep(20)  # the killer ends the process long before


def test_a_message_that_kills_the_process_is_logged_failed_poison_and_the_rest_answered(rules, tmp_path, fake_divar):
    accepted = process(rules, tmp_path, fake_divar.url)
    webhook = LocalQueue(accepted, threads=0)  # accepted (200), then the process stopped
    for message_id in ("killer", "bystander", "ordinary"):
        webhook.enqueue_message(delivery(message_id=message_id))

    code = f"from tests.test_embedded_poison import crashing_start; crashing_start({str(rules)!r}, {str(tmp_path)!r}, {fake_divar.url!r})"
    for start in range(MAX_RUNS):  # the process crash-loops on the killer
        died = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=30)
        assert died.returncode == 70, died.stderr[-2000:]
        runs = accepted.store.unfinished_runs()
        assert runs["message:owner-killer"] == start + 1
        # The bystander ran beside it twice (once is what any restart leaves); after that
        # the killer runs alone, so the crashes are counted against it, not the bystander.
        assert runs.get("message:owner-bystander") == min(start + 1, MAX_RUNS - 1)
    assert fake_divar.sends() == []  # the ordinary message was stuck behind the killer

    after = process(rules, tmp_path, fake_divar.url)  # the next start, without the hook
    LocalQueue(after)
    wait_until(lambda: not after.store.held_jobs())
    rows = {row.message_id: row for row in after.store.recent()}
    assert rows["killer"].outcome == "failed:poison"
    assert f"died in each of its last {MAX_RUNS} runs" in rows["killer"].detail
    assert (rows["bystander"].outcome, rows["ordinary"].outcome) == ("replied", "replied")
    assert len(fake_divar.sends()) == 2  # the killer was not run again
