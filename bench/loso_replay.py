"""Gate variants read on fitted gates reused from a cache: leave-one-split-out and CV, one fit per split or fold.

    python bench/loso_replay.py --cache DIR --leave-out holdout14,train28,...  [--cv]

Every fit is keyed as ``gate_cv.py --cache`` keys it, so the gates a ``gate_cv.py --cache DIR`` run fitted are
reused (the key is read with the gate code of ``--key-rev``, default HEAD: a variant that only adds knobs to gate.py
does not change the fit). Each variant sets gate-module knobs (``VARIANTS``) and the lines are scored through
``gate_cv.score`` (gate 0.25, router 0.95), the count ``gate_cv.py`` prints.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import gate_cv  # noqa: E402

from responder.corpus import SPLITS  # noqa: E402
from responder.engine import gate as gate_module  # noqa: E402
from responder.engine import gate_fit  # noqa: E402

VARIANTS: dict[str, dict[str, object]] = {
    "main": {"STATEMENT_NONE": None, "ROUTE_NONE": None},
    "stmt 0.3 x1.0": {"STATEMENT_NONE": 0.3, "STATEMENT_RATIO": 1.0, "ROUTE_NONE": None},
    "stmt 0.3 x1.5": {"STATEMENT_NONE": 0.3, "STATEMENT_RATIO": 1.5, "ROUTE_NONE": None},
    "route none 0.1": {"STATEMENT_NONE": None, "ROUTE_NONE": 0.1},
    "route none 0.3": {"STATEMENT_NONE": None, "ROUTE_NONE": 0.3},
    "stmt x1.0 + rn 0.1": {"STATEMENT_NONE": 0.3, "STATEMENT_RATIO": 1.0, "ROUTE_NONE": 0.1},
    "stmt x1.0 + rn 0.3": {"STATEMENT_NONE": 0.3, "STATEMENT_RATIO": 1.0, "ROUTE_NONE": 0.3},
}


def keyed_at(rev: str) -> None:
    """cache_key reads gate.py as it is at ``rev`` (the fit is that code's)."""
    old = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:responder/engine/gate.py"], capture_output=True, check=True).stdout
    here = Path(gate_module.__file__)
    real = gate_fit.cache_key

    def cache_key(job: bytes) -> str:
        import hashlib
        from importlib import metadata
        digest = hashlib.sha256(gate_fit.FORMAT + job)
        for name in gate_fit.LIBRARIES:
            try:
                digest.update(f"\0{name}={metadata.version(name)}".encode())
            except metadata.PackageNotFoundError:
                digest.update(f"\0{name} absent".encode())
        for source in gate_fit.SOURCES:
            digest.update(b"\0" + (old if source == here else source.read_bytes()))
        return digest.hexdigest()

    gate_fit.cache_key = cache_key
    assert real is not None


def run(held_sets, fit, names) -> dict:
    results = {n: {} for n in names}
    for train, held in held_sets:
        gate = fit(train)
        gate.threshold = 0.25
        for name in names:
            saved = {k: getattr(gate_module, k) for k in VARIANTS[name]}
            for k, v in VARIANTS[name].items():
                setattr(gate_module, k, v)
            gate_cv.score(held, gate, results[name], 0.95)
            for k, v in saved.items():
                setattr(gate_module, k, v)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", required=True)
    parser.add_argument("--leave-out", default="")
    parser.add_argument("--cv", action="store_true")
    parser.add_argument("--key-rev", default="HEAD")
    parser.add_argument("--variants", default=",".join(VARIANTS))
    args = parser.parse_args()
    keyed_at(args.key_rev)
    names = [n for n in args.variants.split(",") if n]
    fit = lambda cases: gate_fit.cached_fit(gate_fit.request(cases), Path(args.cache))  # noqa: E731

    def sets():
        if args.cv:
            tagged = gate_cv.tagged_corpus(SPLITS)
            for k in range(5):
                yield gate_cv.fold_cases(tagged, k, 5)
        else:
            for split in args.leave_out.split(","):
                rest = tuple(s for s in SPLITS if s != split)
                yield [(c.text, c.labels) for items in gate_cv.corpus(rest).values() for c in items], gate_cv.corpus((split,))

    results = run(sets(), fit, names)
    gate_cv.table("CV" if args.cv else f"leave-out {args.leave_out}", results, counts=True)


if __name__ == "__main__":
    main()
