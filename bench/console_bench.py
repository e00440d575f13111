"""How long each console page takes with a large reply log (the goal: under 200 ms).

Run from the repository root with the project's virtualenv::

    python bench/console_bench.py                      # 100,000 rows in a temporary SQLite file
    python bench/console_bench.py --rows 100000 --today   # all of them today (worst case for "today")
    python bench/console_bench.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

Fills the log with ``tests/console_data.fill`` (4 posts, 46 conversations unless
``--conversations``, every kind of outcome, one message a minute back from now, or spread
over today with ``--today``), logs in, and times every page through the Flask app
(routing, queries, templates: everything but the network) ``--repeats`` times.  Prints the
median and the slowest time per page.  With a PostgreSQL URL it works in a fresh schema and
drops it afterwards.  Results and their reading are in bench/README.md.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from responder.config import Settings  # noqa: E402
from responder.webhook import create_app  # noqa: E402
from responder.wiring import build_services  # noqa: E402
from tests.console_data import fill  # noqa: E402

PAGES = [
    ("conversations", "/logs/"),
    ("conversations, page 3", "/logs/?page=3"),
    ("conversations with a failure", "/logs/?outcome=failed"),
    ("conversations, search", "/logs/?q=آدرس"),
    ("messages", "/logs/messages"),
    ("messages, outcome + post, page 50", "/logs/messages?outcome=skipped:hourly_cap&post=gZd7omnS&page=50"),
    ("messages, date range", "/logs/messages?since={week_ago}&until={today}"),
    ("messages, search (2,000-row window)", "/logs/messages?q=معاوضه+میکنی"),
    ("messages, rule", "/logs/messages?rule=price&page=10"),
    ("one conversation", "/logs/conversation?c=gZd7omnS:buyer-0"),
    ("today", "/logs/today"),
    ("playground", "/logs/playground?text=قیمتش+چنده؟"),
    ("live poll", "/logs/live"),
]


class NoQueue:
    def enqueue_message(self, delivery: object, note: object = None) -> None:
        raise AssertionError("the bench sends nothing")

    enqueue_event = enqueue_message


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--conversations", type=int, default=46)
    parser.add_argument("--today", action="store_true", help="all rows within today (Tehran), not one a minute back")
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        url, cleanup = args.database_url or f"sqlite:///{tmp}/bench.db", None
        if url.startswith("postgresql"):
            url, cleanup = _fresh_schema(url)
        try:
            return _run(args, url)
        finally:
            if cleanup:
                cleanup()


def _run(args: argparse.Namespace, url: str) -> int:
    settings = Settings(identification_key="k", rules_dir=str(ROOT / "rules"), database_url=url, log_password="bench")
    services = build_services(settings)
    started = time.perf_counter()
    now = datetime.now(timezone.utc)
    if args.today:  # squeeze the rows into the hours of today so far (Tehran)
        from responder.console.persian import today_start

        fill(services.store, args.rows, now, args.conversations, step=(now - today_start(now)) / (args.rows + 1))
    else:
        fill(services.store, args.rows, now, args.conversations)
    print(f"filled {args.rows:,} rows in {time.perf_counter() - started:.1f} s ({url.split('?')[0]})")
    client = create_app(settings, NoQueue(), services).test_client()  # type: ignore[arg-type]
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/logs/login").get_data(as_text=True)).group(1)
    assert client.post("/logs/login", data={"csrf": token, "password": "bench"}).status_code == 302
    from responder.console.persian import jalali_input, tehran

    day = tehran(now).date()
    values = {"today": jalali_input(day), "week_ago": jalali_input(day - timedelta(days=7))}
    print(f"{'page':40} {'median ms':>10} {'max ms':>8}")
    worst = 0.0
    for name, path in PAGES:
        path = path.format(**values)
        times = []
        for _ in range(args.repeats):
            t = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        worst = max(worst, statistics.median(times))
        print(f"{name:40} {statistics.median(times):10.1f} {max(times):8.1f}")
    print(f"slowest median: {worst:.1f} ms ({'under' if worst < 200 else 'OVER'} the 200 ms goal)")
    return 0


def _fresh_schema(url: str):
    import sqlalchemy

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    engine = sqlalchemy.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sqlalchemy.text(f"CREATE SCHEMA {schema}"))

    def drop() -> None:
        with engine.begin() as conn:
            conn.execute(sqlalchemy.text(f"DROP SCHEMA {schema} CASCADE"))

    return f"{url}?options=-csearch_path%3D{schema}", drop


if __name__ == "__main__":
    sys.exit(main())
