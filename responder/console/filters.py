"""What a list page shows, read from its URL: filters, search text and page.

Every filter lives in the query string, so a view can be bookmarked or shared; a value
that cannot be read (a date that is no date) becomes a Persian message on the page and
is left out, never a silent empty list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode

from responder.console.persian import day_start, parse_day
from responder.store import LogQuery

PAGE_SIZE = 20
FIELDS = ("post", "outcome", "rule", "since", "until", "q")


@dataclass(frozen=True)
class Filters:
    query: LogQuery = LogQuery()
    text: str = ""  # the search box, matched in Python (see responder.console.search)
    page: int = 1
    values: dict[str, str] = field(default_factory=dict)  # as typed, to refill the form
    problems: tuple[str, ...] = ()

    @property
    def offset(self) -> int:
        return (self.page - 1) * PAGE_SIZE

    @property
    def active(self) -> bool:
        return any(self.values.values())

    def url_args(self, **changes: object) -> str:
        """This view's query string with ``changes`` (``page=2``); empty values dropped."""
        args = {**self.values, "page": str(self.page) if self.page > 1 else ""}
        args.update({k: str(v) for k, v in changes.items()})
        return urlencode({k: v for k, v in args.items() if v and not (k == "page" and v == "1")})


def read(args: Mapping[str, str]) -> Filters:
    values = {name: (args.get(name) or "").strip()[:200] for name in FIELDS}
    problems: list[str] = []
    bounds = {}
    for name in ("since", "until"):
        if values[name]:
            try:
                day = parse_day(values[name])
            except ValueError as exc:
                problems.append(str(exc))
                continue
            bounds[name] = day_start(day + timedelta(days=1) if name == "until" else day)  # until: the whole day
    page = args.get("page", "1")
    query = LogQuery(
        post=values["post"] or None, outcome=values["outcome"] or None, rule=values["rule"] or None,
        since=bounds.get("since"), until=bounds.get("until"),
    )  # fmt: skip
    return Filters(query, values["q"], int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1, values, tuple(problems))
