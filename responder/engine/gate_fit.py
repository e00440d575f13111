"""Fitting the agreement gate in a child process, and keeping the shipped gate's weights on disk.

Importing scikit-learn, NumPy and SciPy took a worker from ~30 MB to ~175 MB and ~1 s, for
weights it then copied out. So the fit runs in ``python -m responder.engine.gate_fit`` (this
module's :func:`main`): it reads a :func:`request` on stdin, writes the fitted weights
(:meth:`.gate.IntentGate.to_bytes`) on stdout and exits, taking those libraries with it.

The shipped gate's bytes are then kept in the cache dir (``RESPONDER_CACHE_DIR``, documented
in :mod:`responder.config`), named by a hash of everything the fit depends on, so later
processes read one file. A cache that cannot be read or written only costs a fit.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from importlib import metadata
from pathlib import Path

from . import gate
from .gate import DEFAULT_THRESHOLD, FORMAT, IntentGate, features

log = logging.getLogger(__name__)

# The fit's output also depends on this code: the features (gate.py, the folding in text.py and the
# Finglish lexicon it reads Latin words with, finglish.py, and respell.py, read with it: the gate reads words as typed today)
# and the fit itself.
SOURCES = (
    Path(gate.__file__), Path(__file__),
    *(Path(gate.__file__).parent.parent / name for name in ("text.py", "finglish.py", "respell.py")),
)
LIBRARIES = ("scikit-learn", "numpy", "scipy")
UNUSED_DAYS = 30  # cached weights no process read for this long are deleted after the next fit


class GateFitError(RuntimeError):
    """The child process could not fit the gate; the message is one line for the operator."""


def request(cases: Iterable[tuple[str, Sequence[str]]], c: float = 10.0, balanced: bool = False) -> bytes:
    """What the child fits: the ``(text, intents)`` pairs (``none`` dropped) and the parameters, as JSON."""
    pairs = [[text, [label for label in labels if label != "none"]] for text, labels in cases]
    return json.dumps({"cases": pairs, "c": c, "balanced": balanced, "finglish": gate.FINGLISH}, ensure_ascii=False).encode()


def fit_in_child(job: bytes) -> bytes:
    """The fitted gate's bytes for ``job`` (a :func:`request`), from a child Python process."""
    package_root = Path(__file__).resolve().parent.parent.parent  # `-m` looks in the cwd first: this same `responder`
    try:
        done = subprocess.run(
            [sys.executable, "-m", "responder.engine.gate_fit"], input=job, capture_output=True, cwd=package_root, check=False
        )
    except OSError as exc:
        raise GateFitError(f"agreement gate: cannot start a Python child process to fit the intent classifier: {exc}") from None
    if done.returncode == 0 and done.stdout.startswith(FORMAT):
        return done.stdout
    lines = [line.strip() for line in done.stderr.decode(errors="replace").splitlines() if line.strip()]
    reason = lines[-1] if lines else f"exit status {done.returncode}, no error output"
    raise GateFitError(
        f"agreement gate: fitting the intent classifier failed ({reason}); install scikit-learn "
        "(pip install -r requirements.txt) or turn the gate off with `intent_gate: false` in a rule file"
    )


def cache_dir(env: Mapping[str, str] | None = None) -> Path | None:
    """``RESPONDER_CACHE_DIR``, else ``$XDG_CACHE_HOME/responder``, else ``~/.cache/responder``; None without a home."""
    env = os.environ if env is None else env
    explicit = env.get("RESPONDER_CACHE_DIR", "").strip()
    if explicit:
        return Path(explicit)
    xdg = env.get("XDG_CACHE_HOME", "").strip()
    if xdg:
        return Path(xdg) / "responder"
    try:
        return Path.home() / ".cache" / "responder"
    except RuntimeError:  # no home directory to be found
        return None


def cache_key(job: bytes) -> str:
    """A hash of the job, the fitting libraries' versions and the code the features come from."""
    digest = hashlib.sha256(FORMAT + job)
    for name in LIBRARIES:
        try:
            digest.update(f"\0{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"\0{name} absent".encode())
    for source in SOURCES:
        digest.update(b"\0" + source.read_bytes())
    return digest.hexdigest()


def cached_fit(job: bytes, directory: Path | None) -> IntentGate:
    """The gate fitted on ``job``: read from ``directory`` when an earlier process fitted it, else fitted and written there.

    A missing, unreadable or corrupt file means a fit; an unwritable directory only a warning.
    Processes starting together fit once: the others wait on a lock file, then read the file
    (each fit briefly takes ~150 MB). The file is written to a temporary name and renamed, so
    no process ever reads half of one.
    """
    if directory is None:
        return IntentGate.from_bytes(fit_in_child(job))
    path = directory / f"gate-{cache_key(job)}.bin"
    fitted = _read(path)
    if fitted is not None:
        return fitted
    with _lock(directory / ".gate.lock"):
        fitted = _read(path)  # fitted by the process that held the lock
        if fitted is not None:
            return fitted
        log.info("fitting the agreement gate on the labeled corpus: once per install or upgrade (rule edits do not refit it), "
                 "20 s to a minute, up to two on a busy machine")
        data = fit_in_child(job)
        fitted = IntentGate.from_bytes(data)
        _write_atomically(path, data)
        _prune(directory, keep=path)
        return fitted


def _prune(directory: Path, keep: Path, now: float | None = None) -> None:
    """Delete weights no process has read for :data:`UNUSED_DAYS` (an upgrade and every corpus
    change leave the old file behind: ~31 MB each for the shipped corpus of 57 splits)."""
    cutoff = (time.time() if now is None else now) - UNUSED_DAYS * 86400
    for old in directory.glob("gate-*.bin"):
        with suppress(OSError):  # another process may prune it at the same moment
            if old != keep and old.stat().st_mtime < cutoff:
                old.unlink()


def _read(path: Path) -> IntentGate | None:
    try:
        gate = IntentGate.from_bytes(path.read_bytes())
        with suppress(OSError):
            os.utime(path)  # in use: :func:`_prune` keeps it
        return gate
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("agreement gate: ignoring the cached weights in %s (%s); fitting again", path, exc)
        return None


@contextmanager
def _lock(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` while fitting; none (no wait) where it cannot be taken."""
    try:
        import fcntl

        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "ab")  # noqa: SIM115 - held until the fit is written
    except (ImportError, OSError):  # no fcntl (Windows) or an unwritable directory
        yield
        return
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
        except OSError:
            pass
        yield


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".gate-", suffix=".tmp", delete=False) as out:
            temporary = Path(out.name)
            out.write(data)
        temporary.chmod(0o644)  # a web and a worker process may run as different users; nothing here is secret
        os.replace(temporary, path)
    except OSError as exc:
        log.warning("agreement gate: cannot cache the fitted weights in %s (%s); every start fits them again", path.parent, exc)
        if temporary is not None:
            temporary.unlink(missing_ok=True)


def fit(job: bytes) -> IntentGate:
    """The child's fit (imports scikit-learn): TF-IDF over :func:`.gate.features`, one liblinear
    regression per intent and one for :data:`.gate.NONE` (target: the lines with no intent)."""
    from array import array

    import numpy
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    spec = json.loads(job)
    gate.FINGLISH = spec.get("finglish", gate.FINGLISH)  # the features as the parent reads them
    pairs = [(text, tuple(labels)) for text, labels in spec["cases"]]
    vectorizer = TfidfVectorizer(analyzer=features, sublinear_tf=True, dtype=numpy.float64)
    matrix = vectorizer.fit_transform([text for text, _labels in pairs])
    fitted = IntentGate(
        vocabulary={k: int(v) for k, v in vectorizer.vocabulary_.items()}, idf=array("d", vectorizer.idf_.tolist()),
        threshold=DEFAULT_THRESHOLD,
    )  # fmt: skip
    for intent in sorted({label for _text, labels in pairs for label in labels} | {gate.NONE}):
        target = [intent in labels for _text, labels in pairs] if intent != gate.NONE else [not labels for _text, labels in pairs]
        if all(target) or not any(target):
            continue  # liblinear needs both classes; an intent on every line (or none on none) says nothing
        model = LogisticRegression(
            C=spec["c"], solver="liblinear", random_state=0, class_weight="balanced" if spec["balanced"] else None
        ).fit(matrix, target)
        fitted.weights[intent] = array("d", model.coef_[0].tolist())
        fitted.bias[intent] = float(model.intercept_[0])
    return fitted


def main() -> None:
    """``python -m responder.engine.gate_fit``: a :func:`request` on stdin, the gate's bytes on stdout."""
    sys.stdout.buffer.write(fit(sys.stdin.buffer.read()).to_bytes())


if __name__ == "__main__":
    main()
