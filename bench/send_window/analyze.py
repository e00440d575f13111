"""Per worker process: how long a send stood recorded as under way, and where that time went.

Read after a load run traced by ``sitecustomize.py`` in this folder.  Marks: ``start0``/
``start1`` around writing the under-way record (Redis has it from between the two);
``connect0``/``connect1`` around a TCP (and TLS) connect made inside the window; ``wire0``
the request handed to the socket; ``response`` Divar's answer read; ``sent0``/``forget0``
to ``done_sent``/``done_forget`` the result recorded.  "Sends in the window" is Little's
law (the windows' total over the run's length): how many a kill cuts off, on average.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

FOLDER = Path("/tmp/send-window")
SEGMENTS = (("start0", "start1"), ("start1", "wire0"), ("wire0", "connect0"), ("connect0", "connect1"),
            ("connect1", "response"), ("wire0", "response"), ("response", "sent0"), ("response", "forget0"),
            ("sent0", "done_sent"), ("forget0", "done_forget"))  # fmt: skip


def segment(sends: list[dict[str, float]], first: str, last: str) -> str | None:
    spans = sorted(s[last] - s[first] for s in sends if first in s and last in s)
    if not spans:
        return None
    return (f"{first} → {last}: mean {1000 * statistics.mean(spans):.2f} ms, p50 {1000 * statistics.median(spans):.2f}, "
            f"p90 {1000 * spans[int(len(spans) * 0.9)]:.2f}, max {1000 * spans[-1]:.1f}")  # fmt: skip


def main() -> int:
    for log in sorted(FOLDER.glob("*.log")):
        lines = log.read_text().splitlines()
        pauses = [(int(g), float(ms)) for g, ms in (line[3:].split(":") for line in lines if line.startswith("gc="))]
        sends = [{k: float(v) for k, v in (f.split("=") for f in line.split())} for line in lines if not line.startswith("gc=")]
        if not sends:
            continue
        ends = [s.get("done_sent", s.get("done_forget", 0.0)) for s in sends]
        span = max(ends) - min(s["start0"] for s in sends)
        windows = [end - (s["start0"] + s["start1"]) / 2 for s, end in zip(sends, ends)]
        print(f"{log.name}: {len(sends)} sends in {span:.1f} s ({len(sends) / span:.1f}/s); under way {1000 * statistics.mean(windows):.2f} ms "
              f"on average → {sum(windows) / span:.2f} sends in the window at any moment")  # fmt: skip
        for first, last in SEGMENTS:
            line = segment(sends, first, last)
            if line:
                print("   ", line)
        for generation in (1, 2):
            times = [ms for g, ms in pauses if g == generation]
            if times:
                print(f"    garbage collections of generation {generation}: {len(times)}, {sum(times):.0f} ms in all, "
                      f"longest {max(times):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
