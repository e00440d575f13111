"""The agreement gate (responder/engine/gate.py): a classifier must agree before a declared-intent rule answers.

Most tests fit a tiny gate on a few hand-written lines, so they do not depend on the
shipped corpus; the shipped gate is checked once on the example the issue names.
"""

from __future__ import annotations

import os
import subprocess
import sys
from array import array
from datetime import datetime, timezone
from pathlib import Path

import pytest

from responder.engine import Engine, IntentGate, Situation, load_texts
from responder.engine import gate as gate_module
from responder.engine import gate_fit
from responder.engine.gate import features, shipped_gate
from responder.engine.gate_fit import GateFitError, cache_dir, cached_fit, request
from responder.evaluate import load_rules
from responder.events import Message

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2024, 1, 3, 9, 0, tzinfo=timezone.utc)

TRAIN = [
    ("قیمتش چنده لطفا بگید", ("price",)), ("قیمت نهایی چنده الان", ("price",)), ("سلام قیمتش چند هست", ("price",)),
    ("قیمت گوشی چقدره دوست عزیز", ("price",)), ("شماره تلفن بدید لطفا", ("contact",)),
    ("تلفنی صحبت کنیم لطفا", ("contact",)), ("شماره تماس رو بفرستید", ("contact",)),
    ("مشاوره تلفنی هم میدید برای کار", ()), ("تلفنی مشاوره میدید یا حضوری", ()), ("مشاوره تلفنی رایگانه یا پولی", ()),
    ("چرا میفروشی این رو", ()), ("دیوار امروز کنده", ()),
]  # fmt: skip

RULES = """
rules:
  - name: price
    intent: price
    keywords: [قیمت, چند]
    reply: قیمت
  - name: contact
    intent: contact
    keywords: [تلفن, شماره]
    reply: تماس
  - name: own-contact
    keywords: [تلفنی]
    priority: -1
    reply: رول خود فروشنده
  - name: fallback
    fallback: true
    reply: خودم جواب می‌دهم
"""

WITHOUT_OWN = RULES.replace("  - name: own-contact\n    keywords: [تلفنی]\n    priority: -1\n    reply: رول خود فروشنده\n", "")


@pytest.fixture(scope="module")
def gate() -> IntentGate:
    return IntentGate.fit(TRAIN, threshold=0.3)


def _engine(text: str, gate: IntentGate | bool | None) -> Engine:
    result = load_texts([("t.yaml", text)])
    assert result.ok, [str(p) for p in result.problems]
    return Engine(result.rules, gate=gate)


def _message(text: str) -> Message:
    return Message(id="m1", post_token="P", text=text, type="TEXT", role="buyer", sent_at=NOW, source="legacy")


def _first(engine: Engine, text: str, gated: bool = True):
    """(rule names, tier) of the best match; ``gated=False``: the keyword matcher's, before the gate."""
    found = engine.matches if gated else engine.matcher.matches
    match = next(found(_message(text), Situation(NOW)), None)
    return None if match is None else (tuple(r.name for r in match.rules), match.tier)


def _verdicts(engine: Engine, text: str) -> dict[str, tuple[float | None, bool]]:
    keyword = next(engine.matcher.matches(_message(text), Situation(NOW)))
    return {name: (p, kept) for name, p, kept in engine.verdicts(keyword, text)}


def test_a_keyword_in_another_sense_is_vetoed(gate: IntentGate) -> None:
    engine = _engine(WITHOUT_OWN, gate)
    assert _first(engine, "تلفنی مشاوره میدید برای کار؟") == (("fallback",), "fallback")
    assert _first(_engine(RULES, False), "تلفنی مشاوره میدید برای کار؟")[0] != ("fallback",)  # without the gate


def test_a_plain_question_passes(gate: IntentGate) -> None:
    assert _first(_engine(RULES, gate), "شماره تلفن بدید لطفا") == (("contact",), "exact")
    assert _first(_engine(RULES, gate), "قیمتش چنده لطفا") == (("price",), "exact")


def test_a_vetoed_part_leaves_the_rest_of_a_combined_reply(gate: IntentGate) -> None:
    engine = _engine(WITHOUT_OWN, gate)
    assert engine.gate is gate
    verdicts = _verdicts(engine, "قیمتش چنده؟ تلفنی مشاوره هم میدید؟")
    assert verdicts["price"][1] and not verdicts["contact"][1]
    assert _first(engine, "قیمتش چنده؟ تلفنی مشاوره هم میدید؟")[0][0] == "price"
    assert "contact" not in _first(engine, "قیمتش چنده؟ تلفنی مشاوره هم میدید؟")[0]


def test_rules_without_a_declared_intent_are_not_gated(gate: IntentGate) -> None:
    """A seller's own rule (no `intent:`) keeps working; so does one whose intent the model does not know."""
    engine = _engine(RULES, gate)
    assert _first(engine, "تلفنی مشاوره میدید برای کار؟") == (("own-contact",), "exact")
    unknown = _engine("rules:\n  - name: hours\n    intent: opening_hours\n    keywords: [تلفنی]\n    reply: ساعت\n", gate)
    assert _first(unknown, "تلفنی مشاوره میدید برای کار؟") == (("hours",), "exact")
    assert _verdicts(engine, "تلفنی مشاوره میدید برای کار؟")["own-contact"] == (None, True)


def test_gate_off_is_the_keyword_engine(gate: IntentGate) -> None:
    texts = ["تلفنی مشاوره میدید برای کار؟", "قیمتش چنده؟ تلفنی مشاوره هم میدید؟", "شماره تلفن بدید لطفا", "سلام"]
    plain = _engine(RULES, False)
    off_in_file = _engine("intent_gate: false\n" + RULES, True)
    assert off_in_file.gate is None
    for text in texts:
        assert _first(off_in_file, text) == _first(plain, text) == _first(plain, text, gated=False)


def test_short_messages_are_not_gated(gate: IntentGate) -> None:
    """One or two words («تلفنی؟», «price?») have no other sense to veto."""
    engine = _engine(RULES.replace("    priority: -1\n", "    priority: -1\n    role: seller\n"), gate)
    assert _first(engine, "تلفنی؟") == (("contact",), "exact")
    assert _first(engine, "تلفنی مشاوره میدید؟") == (("fallback",), "fallback")


def test_threshold_from_the_rule_file(gate: IntentGate) -> None:
    assert _engine("intent_gate: 0.9\n" + RULES, gate).threshold == 0.9
    assert _engine(RULES, gate).threshold == gate.threshold
    bad = load_texts([("t.yaml", "intent_gate: 2\n" + RULES)])
    assert [p.message for p in bad.problems] == [
        "intent_gate: expected true, false or a threshold above 0 and at most 1 (e.g. 0.4), got 2"]


def test_scoring_matches_scikit_learn(gate: IntentGate) -> None:
    """The pure-Python copy of the weights scores exactly as the fitted scikit-learn model."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = [t for t, _l in TRAIN]
    vectorizer = TfidfVectorizer(analyzer=features, sublinear_tf=True)
    matrix = vectorizer.fit_transform(texts)
    model = LogisticRegression(C=10.0, solver="liblinear", random_state=0).fit(matrix, ["contact" in l for _t, l in TRAIN])
    for text in ("تلفنی مشاوره میدید؟", "شماره تلفن", "قیمت؟", "xyz"):
        expected = model.predict_proba(vectorizer.transform([text]))[0][1]
        assert gate.probability("contact", gate.vector(text)) == pytest.approx(expected, abs=1e-9)


def test_fit_is_deterministic(gate: IntentGate) -> None:
    again = IntentGate.fit(TRAIN, threshold=0.3)
    assert again.weights == gate.weights and again.bias == gate.bias and again.vocabulary == gate.vocabulary


def test_shipped_gate_vetoes_the_issues_example() -> None:
    """The shipped gate (fitted on responder/corpus, which holds this line: a check, not a measure)."""
    loaded = load_rules([ROOT / "rules", ROOT / "packs" / "services"])
    engine = Engine(loaded.rules)
    assert engine.gate is shipped_gate()
    assert _first(engine, "تلفنی مشاوره میدید؟ برای ثبت شرکت")[1] == "fallback"
    assert _first(Engine(loaded.rules, gate=False), "تلفنی مشاوره میدید؟ برای ثبت شرکت")[0] == ("contact",)
    general = Engine(load_rules([ROOT / "rules"]).rules)
    assert _first(general, "سلام قیمتش چنده؟")[0] == ("greeting", "price")


def test_a_weak_part_needs_the_weak_threshold(gate: IntentGate, monkeypatch: pytest.MonkeyPatch) -> None:
    """An `alone` rule («چنده؟» style) must also reach WEAK_THRESHOLD: weak extra parts were a tenth of the wrong answers."""
    from responder.engine import gate as gate_module

    weak = WITHOUT_OWN.replace("    keywords: [قیمت, چند]\n", "    keywords: [قیمت, چند]\n    alone: true\n")
    engine = _engine(weak, gate)
    monkeypatch.setattr(gate_module, "WEAK_THRESHOLD", 0.0)
    assert _first(engine, "قیمتش چنده لطفا بگید") == (("price",), "exact")
    monkeypatch.setattr(gate_module, "WEAK_THRESHOLD", 0.999999)
    assert _first(engine, "قیمتش چنده لطفا بگید") == (("price",), "exact")  # below the bar, but price leads (gate.leads)
    monkeypatch.setattr(gate_module, "LEAD_NONE_RATIO", None)
    monkeypatch.setattr(gate_module, "UNOPPOSED_FLOOR", None)  # nor because nothing else is read (gate.unopposed)
    assert _first(engine, "قیمتش چنده لطفا بگید") == (("fallback",), "fallback")


def test_try_shows_the_verdict_of_each_part(capsys: pytest.CaptureFixture[str]) -> None:
    from responder.cli import main

    assert main(["try", "تلفنی مشاوره میدید؟ برای ثبت شرکت", "--rules", str(ROOT / "rules")]) == 0
    out = capsys.readouterr().out
    why = next(line for line in out.splitlines() if line.startswith("why:   contact: "))
    assert "«تلفنی»" in why and "the reply checker did not read the message as asking about contact (sure " in why
    assert why.endswith(" %, needs 25 %), so this part is not answered"), why
    assert "rule:  fallback" in out and "VETOED" not in out and "P=" not in out


def test_eval_reports_with_the_gate_and_without_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from responder.cli import main

    corpus = tmp_path / "services.tsv"
    corpus.write_text("text\tlabels\nتلفنی مشاوره میدید؟ برای ثبت شرکت\tnone\n", encoding="utf-8")
    rules = ["--rules", str(ROOT / "rules")]
    assert main(["eval", str(corpus), *rules]) == 0
    assert "gate on at 0.25): 1 messages: right 100.0%, wrong 0.0%" in capsys.readouterr().out
    assert main(["eval", str(corpus), *rules, "--no-gate"]) == 0
    assert "gate off): 1 messages: right 0.0%, wrong 100.0%" in capsys.readouterr().out


# --- fitted in a child process, cached on disk (responder/engine/gate_fit.py) ---

HEAVY = "sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'numpy', 'scipy'))"


def _python(code: str, cache: Path, shim: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``code`` in a fresh interpreter with ``cache`` as the cache dir; ``shim``: a PYTHONPATH where scikit-learn is broken."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"RESPONDER_CACHE_DIR": str(cache)}
    if shim is not None:
        env["PYTHONPATH"] = str(shim)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)


@pytest.fixture
def no_sklearn(tmp_path: Path) -> Path:
    """A PYTHONPATH on which ``import sklearn`` fails, as on a machine without scikit-learn."""
    (tmp_path / "shim" / "sklearn").mkdir(parents=True)
    (tmp_path / "shim" / "sklearn" / "__init__.py").write_text("raise ImportError('No module named sklearn (test shim)')\n")
    return tmp_path / "shim"


def test_the_process_never_imports_scikit_learn_and_a_second_start_reads_the_cache(
    tmp_path: Path, no_sklearn: Path, gate: IntentGate
) -> None:
    """``shipped_gate()`` in a fresh process with an empty cache: it fits in a child and keeps only
    plain arrays; the next process reads the cache (a fit there would fail). Run on TRAIN as the
    corpus (``responder.corpus.files`` pointed at one file), not the shipped 7,500 lines: the same
    code path in a second, not 20-30 s of the machine's one full fit. That full fit of the shipped
    corpus runs once per session anyway, in conftest's ``_not_the_users_cache`` (the run stops if it fails)."""
    corpus = tmp_path / "corpus.tsv"
    corpus.write_text("text\tlabels\n" + "".join(f"{t}\t{','.join(l) or 'none'}\n" for t, l in TRAIN), encoding="utf-8")
    code = (
        f"import sys; from pathlib import Path; import responder.corpus; responder.corpus.files = lambda: [Path({str(corpus)!r})]; "
        f"from responder.engine.gate import shipped_gate; g = shipped_gate(); print(len(g.vocabulary), {HEAVY})"
    )
    first = _python(code, tmp_path / "cache")
    assert first.returncode == 0, first.stderr
    size, heavy = first.stdout.split(" ", 1)
    assert int(size) == len(gate.vocabulary) and heavy.strip() == "[]"  # the child fitted it; this process holds plain arrays
    assert len(list((tmp_path / "cache").glob("gate-*.bin"))) == 1
    second = _python(code, tmp_path / "cache", shim=no_sklearn)  # a child fit would fail now: only the cache can answer
    assert second.returncode == 0, second.stderr
    assert second.stdout == first.stdout


def test_a_failed_fit_is_one_loud_line(tmp_path: Path, no_sklearn: Path) -> None:
    """No silent ungated service: without scikit-learn the command stops, naming the problem and the way out."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "r.yaml").write_text(RULES, encoding="utf-8")
    run = f"from responder.cli import main; raise SystemExit(main(['try', 'تلفنی مشاوره میدید؟', '--rules', {str(rules)!r}]))"
    failed = _python(run, tmp_path / "cache", shim=no_sklearn)
    assert failed.returncode == 2
    lines = [line for line in failed.stderr.splitlines() if "responder:" in line]
    assert lines == [lines[0]] and "fitting the intent classifier failed" in lines[0] and "sklearn" in lines[0], failed.stderr
    assert "intent_gate: false" in lines[0] and "Traceback" not in failed.stderr
    (rules / "r.yaml").write_text("intent_gate: false\n" + RULES, encoding="utf-8")  # gate off: never built, never fitted
    off = _python(run, tmp_path / "cache", shim=no_sklearn)
    assert off.returncode == 0 and "rule:" in off.stdout, off.stderr
    assert not list((tmp_path / "cache").glob("gate-*.bin"))


def test_fit_raises_gate_fit_error_without_scikit_learn(no_sklearn: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONPATH", str(no_sklearn))
    with pytest.raises(GateFitError, match=r"^agreement gate: fitting the intent classifier failed \(ImportError: No module named sklearn"):
        IntentGate.fit(TRAIN)


@pytest.fixture
def child_fits(gate: IntentGate, monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Stands in for the child process (returns the tiny gate's bytes); lists each job it was given."""
    jobs: list[bytes] = []

    def fake(job: bytes) -> bytes:
        jobs.append(job)
        return gate.to_bytes()

    monkeypatch.setattr(gate_fit, "fit_in_child", fake)
    return jobs


def test_cache_hit_fits_once(tmp_path: Path, gate: IntentGate, child_fits: list[bytes]) -> None:
    job = request(TRAIN)
    assert cached_fit(job, tmp_path) == cached_fit(job, tmp_path) == IntentGate.from_bytes(gate.to_bytes())
    assert len(child_fits) == 1
    assert all(p.stat().st_mode & 0o044 == 0o044 for p in tmp_path.glob("gate-*.bin"))  # readable by the other processes' users
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("gate-")) == [".gate.lock"]  # no temporary file left
    cached_fit(request(TRAIN, c=3.0), tmp_path)  # other parameters: another fit, another file
    assert len(child_fits) == 2 and len(list(tmp_path.glob("gate-*.bin"))) == 2


def test_a_new_fit_prunes_weights_unread_for_a_month(tmp_path: Path, gate: IntentGate, child_fits: list[bytes]) -> None:
    import os
    import time

    cached_fit(request(TRAIN), tmp_path)
    (used,) = tmp_path.glob("gate-*.bin")
    stale, foreign = tmp_path / "gate-stale.bin", tmp_path / "notes.txt"
    for path in (stale, foreign):
        path.write_text("x")
    month_ago = time.time() - 31 * 86400
    for path in (used, stale, foreign):
        os.utime(path, (month_ago, month_ago))
    cached_fit(request(TRAIN), tmp_path)  # a read marks the file in use ...
    cached_fit(request(TRAIN, c=3.0), tmp_path)  # ... so the next fit keeps it and deletes the stale one
    assert used.exists() and not stale.exists() and foreign.exists() and len(list(tmp_path.glob("gate-*.bin"))) == 2


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped"])
def test_a_corrupt_cache_file_is_fitted_again(tmp_path: Path, gate: IntentGate, child_fits: list[bytes], damage: str) -> None:
    job = request(TRAIN)
    cached_fit(job, tmp_path)
    (path,) = tmp_path.glob("gate-*.bin")
    good = path.read_bytes()
    bad = {"garbage": b"\x00junk", "truncated": good[:-8], "flipped": good[:-3] + bytes([good[-3] ^ 1]) + good[-2:]}[damage]
    path.write_bytes(bad)
    assert cached_fit(job, tmp_path).to_bytes() == good
    assert len(child_fits) == 2 and path.read_bytes() == good


def test_an_unwritable_cache_dir_still_gives_the_gate(tmp_path: Path, gate: IntentGate, child_fits: list[bytes]) -> None:
    (tmp_path / "a-file").write_text("")
    for directory in (tmp_path / "a-file" / "responder", None):
        assert cached_fit(request(TRAIN), directory).to_bytes() == gate.to_bytes()
    assert len(child_fits) == 2


def test_processes_starting_together_fit_once(tmp_path: Path, gate: IntentGate, child_fits: list[bytes]) -> None:
    """One holds the lock while it fits; another waits, then reads its file instead of fitting too."""
    import fcntl
    import threading

    job = request(TRAIN)
    holder = open(tmp_path / ".gate.lock", "ab")  # noqa: SIM115 - the first process, mid-fit
    fcntl.flock(holder, fcntl.LOCK_EX)
    results: list[IntentGate] = []
    waiter = threading.Thread(target=lambda: results.append(cached_fit(job, tmp_path)))
    waiter.start()
    waiter.join(0.5)
    assert waiter.is_alive() and not child_fits  # waiting for the lock
    (tmp_path / f"gate-{gate_fit.cache_key(job)}.bin").write_bytes(gate.to_bytes())
    holder.close()
    waiter.join(10)
    assert results == [IntentGate.from_bytes(gate.to_bytes())] and not child_fits


def test_cache_dir_from_the_environment(tmp_path: Path) -> None:
    assert cache_dir({"RESPONDER_CACHE_DIR": "/srv/c", "XDG_CACHE_HOME": "/x"}) == Path("/srv/c")
    assert cache_dir({"XDG_CACHE_HOME": "/x"}) == Path("/x/responder")
    assert cache_dir({}) == Path.home() / ".cache" / "responder"


def test_weights_are_dense_arrays_that_survive_bytes(gate: IntentGate) -> None:
    assert all(isinstance(row, array) and len(row) == len(gate.vocabulary) for row in gate.weights.values())
    again = IntentGate.from_bytes(gate.to_bytes(), threshold=0.3)
    assert again == gate
    with pytest.raises(ValueError, match="truncated"):
        IntentGate.from_bytes(gate.to_bytes()[:-1])


JOB_RULES = """
rules:
  - name: job
    intent: job
    keywords: [نقاشی, حقوق]
    reply: شرایط کار
  - name: fallback
    fallback: true
    reply: خودم جواب می‌دهم
"""


def test_a_fee_asked_as_a_price_agrees_with_the_job_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """The model reads no category: «قیمت نقاشی …» reads as `price`, which is a service's fee
    (`job`) in the services pack; kin intents (gate.KIN) count for each other."""
    jobs = [("حقوق ماهانه چقدره برای این کار", ("job",)), ("ساعت کاری از چند تا چنده", ("job",)),
            ("بیمه رد میکنید برای نیرو", ("job",)), ("سابقه کار لازمه برای استخدام", ("job",))]  # fmt: skip
    gate = IntentGate.fit(TRAIN + jobs, threshold=0.3)
    engine = _engine(JOB_RULES, gate)
    text = "قیمت نقاشی هر متر چنده لطفا"
    assert gate.probability("job", gate.vector(text)) < 0.3 <= gate.probability("price", gate.vector(text))
    assert _first(engine, text) == (("job",), "exact")
    monkeypatch.setattr("responder.engine.gate.KIN", {})
    assert _first(engine, text) == (("fallback",), "fallback")


def test_a_service_asked_as_specs_or_papers_agrees_with_the_job_rule() -> None:
    """Services' lines are never labeled specs or documents: there, what reads as a spec or a paper
    («سرویس پکیج چنده؟», «کارت پایان خدمت میخواد؟») is the job rule's (gate.KIN)."""
    engine = _engine(JOB_RULES, _flat_gate({"job": 0.1, "specs": 0.4, "documents": 0.05, "contact": 0.3, "none": 0.2}))
    assert _verdicts(engine, "قیمت نقاشی هر متر چنده لطفا")["job"] == (pytest.approx(0.4), True)
    engine = _engine(JOB_RULES, _flat_gate({"job": 0.1, "documents": 0.4, "contact": 0.3, "none": 0.2}))
    assert _verdicts(engine, "قیمت نقاشی هر متر چنده لطفا")["job"] == (pytest.approx(0.4), True)
    engine = _engine(JOB_RULES, _flat_gate({"job": 0.1, "contact": 0.4, "none": 0.2}))
    assert _verdicts(engine, "قیمت نقاشی هر متر چنده لطفا")["job"][1] is False


def test_a_greeting_or_thanks_is_not_gated_but_never_answers_alone_for_a_vetoed_question() -> None:
    """A courtesy states no fact: «روزتون بخیر دوست عزیز» gets the greeting even though the tiny
    gate knows no `greeting` line; a greeting left beside a vetoed question still gets the fallback."""
    gate = IntentGate.fit(TRAIN + [("سلام وقت بخیر", ("greeting",)), ("سلام خسته نباشید", ("greeting",))], threshold=0.3)
    assert "greeting" in gate.intents and gate.probability("greeting", gate.vector("روزتون بخیر دوست عزیز")) < 0.3
    rules = WITHOUT_OWN + """
  - name: greeting
    intent: greeting
    place: first
    keywords: [سلام, روزتون بخیر]
    reply: سلام!
"""
    engine = _engine(rules, gate)
    assert _first(engine, "روزتون بخیر دوست عزیز") == (("greeting",), "exact")
    assert _verdicts(engine, "روزتون بخیر دوست عزیز")["greeting"] == (None, True)
    assert _first(engine, "سلام تلفنی مشاوره میدید برای کار")[1] == "fallback"


THANKS_RULES = WITHOUT_OWN + """
  - name: greeting
    intent: greeting
    place: first
    keywords: [سلام]
    reply: سلام!
  - name: thanks
    intent: thanks
    place: last
    keywords: [ممنون, مرسی]
    reply: خواهش می‌کنم
"""


@pytest.mark.parametrize(
    ("text", "probabilities", "answer"),
    [
        # a thanks for a past act whose object is another rule's keyword (a call, a number): the gate vetoes
        # that rule, nothing is asked, and the gate reads a thanks: the thanks answers
        ("بابت تماس دیروزتون ممنون", {"contact": 0.05, "thanks": 0.8, "none": 0.1}, ("thanks",)),
        ("ممنون، شماره رو یادداشت کردم", {"contact": 0.05, "thanks": 0.6, "none": 0.2}, ("thanks",)),
        # asked («؟»), or read as chatter rather than thanks, or a greeting left alone: the fallback, as before
        ("ممنون، شماره تلفنتون چنده؟", {"contact": 0.05, "price": 0.05, "thanks": 0.8, "none": 0.1}, ("fallback",)),
        ("مرسی ولی با این قیمت یکی نو میخرم", {"price": 0.05, "thanks": 0.2, "none": 0.6}, ("fallback",)),
        ("سلام شماره تلفنتون رو دارم", {"contact": 0.05, "greeting": 0.8, "none": 0.1}, ("fallback",)),
    ],
)
def test_a_thanks_the_gate_left_alone_answers_when_nothing_is_asked_and_it_reads_as_thanks(
    text: str, probabilities: dict[str, float], answer: tuple[str, ...]
) -> None:
    engine = _engine(THANKS_RULES, _flat_gate(probabilities))
    assert _first(engine, text)[0] == answer


# ── clause-level agreement (branch clausegate) ──────────────────────────────────────
# A message that asks several things dilutes each question's P on the whole message; a part the
# whole message would veto stands if its own question («؟»), read alone, reaches CLAUSE_THRESHOLD.

ASKING = TRAIN + [
    ("هنوز موجوده یا فروختی", ("availability",)), ("هنوز هست این کالا", ("availability",)),
    ("موجود دارید هنوز", ("availability",)), ("سلام هنوز فروش نرفته", ("availability",)),
    ("ارسال به شهرستان دارید", ("delivery",)), ("پست میکنید برام", ("delivery",)), ("میتونید بفرستید با پیک", ("delivery",)),
]  # fmt: skip

ASKING_RULES = RULES + """
  - name: availability
    intent: availability
    keywords: [هنوز, موجود]
    reply: هست
  - name: delivery
    intent: delivery
    keywords: [پست, ارسال, بفرست]
    reply: ارسال داریم
"""


@pytest.fixture(scope="module")
def asking_gate() -> IntentGate:
    return IntentGate.fit(ASKING, threshold=0.3)


def _intents(engine: Engine, text: str) -> list[str]:
    return sorted(_first(engine, text)[0])


def test_each_question_of_a_message_is_judged_on_itself_too(asking_gate: IntentGate, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = _engine(ASKING_RULES, asking_gate)
    text = "پست میکنید برای شهرستان؟ هنوز موجوده؟ قیمتش چند؟"
    probabilities = asking_gate.probabilities(text)
    assert probabilities["price"] < 0.3 and probabilities["availability"] < 0.3 < probabilities["delivery"]  # diluted
    assert _intents(engine, text) == ["availability", "delivery", "price"]
    verdicts = _verdicts(engine, text)
    assert verdicts["price"][0] >= gate_module.CLAUSE_THRESHOLD and verdicts["price"][1]  # the P of «قیمتش چند» read alone
    monkeypatch.setattr(gate_module, "CLAUSE_THRESHOLD", None)  # the whole message only, as before
    monkeypatch.setattr(gate_module, "SIBLING_FLOOR", None)  # (veto3: nor a question beside the answered one)
    assert _intents(engine, text) == ["delivery"]


def test_a_statement_beside_the_questions_keeps_the_whole_message_reading(asking_gate: IntentGate, monkeypatch: pytest.MonkeyPatch) -> None:
    """«قیمتش رو دیدم.» names the price but asks nothing: read alone it would pass, so it is not read alone."""
    monkeypatch.setattr(gate_module, "CLAUSE_THRESHOLD", 0.5)  # a bar this tiny gate's P of the statement reaches
    engine = _engine(ASKING_RULES, asking_gate)
    text = "قیمتش رو دیدم. پست میکنید برای شهرستان؟ هنوز موجوده؟"
    assert asking_gate.probabilities("قیمتش رو دیدم")["price"] >= 0.5 > asking_gate.probabilities(text)["price"]
    assert _intents(engine, text) == ["availability", "delivery"]


def test_one_question_is_judged_on_the_whole_message_only(asking_gate: IntentGate) -> None:
    """Several intents in one question («… و … ؟») or a single question: no clause is read alone."""
    engine = _engine(ASKING_RULES, asking_gate)
    assert _intents(engine, "هنوز موجوده و قیمتش چند و پست میکنید برای شهرستان؟") == ["delivery"]
    assert engine.matcher.clauses_at("قیمتش رو دیدم. هنوز موجوده؟", [5]) == [""]


def test_a_negated_or_why_question_is_not_read_alone(asking_gate: IntentGate) -> None:
    engine = _engine(ASKING_RULES, asking_gate)
    assert _intents(engine, "پست میکنید برای شهرستان؟ هنوز موجوده؟ چرا قیمتش چند؟") == ["availability", "delivery"]


def test_the_clause_of_each_keyword_hit(asking_gate: IntentGate) -> None:
    engine = _engine(ASKING_RULES, asking_gate)
    text = "سلام، هنوز موجوده؟ قیمتش چند؟ ممنون"
    match = next(engine.matcher.matches(_message(text), Situation(NOW)))
    where = dict(zip((p.rule.name for p in match.parts), engine.matcher.clauses_at(text, [p.position for p in match.parts])))
    assert where == {"availability": "هنوز موجوده", "price": "قیمتش چند"}
    assert engine.matcher.clauses_at(text, [0, 1 << 30]) == ["", ""]  # unknown: a typo hit, or no keyword


def _flat_gate(probabilities: dict[str, float]) -> IntentGate:
    """A hand-made gate giving each intent (and ``none``) the same P whatever the text: one
    feature, zero weights, the bias the logit of the P."""
    import math

    bias = {intent: math.log(p / (1 - p)) for intent, p in probabilities.items()}
    return IntentGate(vocabulary={"w:x": 0}, idf=array("d", [1.0]), weights={i: array("d", [0.0]) for i in bias}, bias=bias, threshold=0.25)


LEAD_RULES = WITHOUT_OWN.replace("    keywords: [قیمت, چند]\n", "    keywords: [قیمت]\n")
ASKED = "آنتن دهی و قیمتش رو بگید لطفا"  # the price keyword, in words the gate read little of


@pytest.mark.parametrize(
    ("probabilities", "stands"),
    [
        ({"price": 0.2, "contact": 0.05, "greeting": 0.1, "none": 0.03}, True),  # below the bar, but the likeliest reading
        ({"price": 0.2, "contact": 0.21, "greeting": 0.1, "none": 0.03}, False),  # another intent leads
        ({"price": 0.2, "contact": 0.05, "greeting": 0.21, "none": 0.03}, False),  # a greeting or thanks competes too
        ({"price": 0.2, "contact": 0.05, "greeting": 0.1, "none": 0.05}, False),  # not LEAD_NONE_RATIO × P(none)
        ({"price": 0.2, "contact": 0.05, "greeting": 0.1}, False),  # a gate without a none row (fitted before it): no lead
    ],
)
def test_a_part_below_its_bar_stands_when_its_intent_leads(
    probabilities: dict[str, float], stands: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A question in words the corpus has few of gets a low P for every intent; the keyword's
    intent still ahead of every other and of ``none`` is kept (gate.LEAD_NONE_RATIO)."""
    monkeypatch.setattr(gate_module, "UNOPPOSED_FLOOR", None)  # the lead alone
    gate = _flat_gate(probabilities)
    engine = _engine(LEAD_RULES, gate)
    p, kept = _verdicts(engine, ASKED)["price"]
    assert p == pytest.approx(0.2) and p < engine.bar(engine.ruleset.rules[0]) and kept is stands
    assert _first(engine, ASKED) == ((("price",), "exact") if stands else (("fallback",), "fallback"))


def test_the_lead_can_be_turned_off_and_reads_no_kin(monkeypatch: pytest.MonkeyPatch) -> None:
    ratio = gate_module.LEAD_NONE_RATIO
    monkeypatch.setattr(gate_module, "UNOPPOSED_FLOOR", None)  # the lead alone
    gate = _flat_gate({"price": 0.2, "contact": 0.05, "none": 0.03})
    vector = gate.vector(ASKED)
    assert gate.leads("price", vector)
    monkeypatch.setattr(gate_module, "LEAD_NONE_RATIO", None)
    assert not gate.leads("price", vector)
    assert _first(_engine(LEAD_RULES, gate), ASKED) == (("fallback",), "fallback")
    monkeypatch.setattr(gate_module, "LEAD_NONE_RATIO", ratio)
    # a kin intent (price for job) neither helps nor competes: the category chose between them
    assert gate_module.KIN["job"] == ("price", "specs", "documents")
    assert _flat_gate({"job": 0.1, "price": 0.6, "none": 0.01}).leads("job", vector)
    assert not _flat_gate({"job": 0.1, "contact": 0.6, "none": 0.01}).leads("job", vector)
    assert not gate.leads("unknown", vector)


def test_the_fit_has_a_none_row_that_is_no_intent(gate: IntentGate) -> None:
    """The lines labeled with no intent train the ``none`` row; it is not an intent rules are gated on."""
    assert gate_module.NONE in gate.weights and gate_module.NONE not in gate.intents
    assert gate.intents == {"price", "contact"} and set(gate.probabilities("چرا میفروشی")) == {"price", "contact"}
    vector = gate.vector("مشاوره تلفنی رایگانه یا پولی")
    assert gate.probability("none", vector) > 0.5 > gate.probability("contact", vector)
    again = IntentGate.from_bytes(gate.to_bytes())
    assert again.weights == gate.weights and again.bias == gate.bias
    everything = IntentGate.fit([(t, l or ("price",)) for t, l in TRAIN])  # no line without an intent: no none row
    assert gate_module.NONE not in everything.weights


def test_try_says_the_intent_leads(capsys: pytest.CaptureFixture[str]) -> None:
    from responder.cli import _why

    engine = _engine(LEAD_RULES, _flat_gate({"price": 0.2, "contact": 0.05, "none": 0.03}))
    first = next(engine.matches(_message(ASKED), Situation(NOW)))
    (line,) = _why(engine, _message(ASKED), NOW, first)
    assert line.startswith("price: matched «قیمت")
    assert ("the reply checker's likeliest reading of the message is price (sure 20 %, needs 25 %, "
            "but ahead of every other question and of «no question»)") in line


COURTESY_RULES = LEAD_RULES.replace("rules:\n", "rules:\n  - name: greeting\n    intent: greeting\n    keywords: [سلام]\n    place: first\n    reply: سلام\n", 1)
GREETED = "سلام، آنتن دهی و قیمتش رو بگید لطفا"


@pytest.mark.parametrize(
    ("probabilities", "stands"),
    [
        ({"price": 0.22, "greeting": 0.6, "contact": 0.05, "none": 0.05}, True),  # a greeting ahead, aside: nothing else read
        ({"price": 0.22, "greeting": 0.6, "contact": 0.23, "none": 0.05}, False),  # another question ahead
        ({"price": 0.22, "greeting": 0.6, "contact": 0.05, "none": 0.11}, False),  # «no question» not under UNOPPOSED_NONE
        ({"price": 0.18, "greeting": 0.6, "contact": 0.05, "none": 0.05}, False),  # under UNOPPOSED_FLOOR
        ({"price": 0.22, "greeting": 0.6, "contact": 0.05}, False),  # a gate without a none row
    ],
)
def test_a_part_below_its_bar_stands_when_nothing_else_is_read(probabilities: dict[str, float], stands: bool) -> None:
    """A short question with a greeting around it: the greeting leads, so the lead (which lets a
    greeting compete, and asks 5 × P(none)) vetoes the price; no other question is read and
    «no question» is unlikely, so it stands (gate.UNOPPOSED_FLOOR)."""
    engine = _engine(COURTESY_RULES, _flat_gate(probabilities))
    assert not engine.gate.leads("price", engine.gate.vector(GREETED))
    p, kept = _verdicts(engine, GREETED)["price"]
    assert p == pytest.approx(probabilities["price"]) and p < engine.bar(engine.ruleset.rules[1]) and kept is stands
    assert _first(engine, GREETED) == ((("greeting", "price"), "exact") if stands else (("fallback",), "fallback"))


def test_a_greeting_is_set_aside_only_where_the_rules_answer_it_and_the_floor_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    gate = _flat_gate({"price": 0.22, "greeting": 0.6, "contact": 0.05, "none": 0.05})
    assert _verdicts(_engine(COURTESY_RULES, gate), GREETED)["price"][1]
    assert not _verdicts(_engine(LEAD_RULES, gate), GREETED)["price"][1]  # no greeting rule: a greeting is another reading
    vector = gate.vector(GREETED)
    assert gate.unopposed("price", vector, frozenset({"greeting"})) and not gate.unopposed("price", vector)
    assert not gate.unopposed("unknown", vector, frozenset({"greeting"}))
    monkeypatch.setattr(gate_module, "UNOPPOSED_FLOOR", None)
    assert not gate.unopposed("price", vector, frozenset({"greeting"}))
    assert not _verdicts(_engine(COURTESY_RULES, gate), GREETED)["price"][1]


OAK_ASKED = "سلام، قیمت اون کمد بلوطی رو میگید؟"
OAK_TOLD = "سلام، قیمت اون کمد بلوطی رو بگید"


@pytest.mark.parametrize(
    ("probabilities", "text", "stands"),
    [
        ({"price": 0.12, "greeting": 0.6, "contact": 0.05, "none": 0.03}, OAK_ASKED, True),  # asks; none under a third of it
        ({"price": 0.12, "greeting": 0.6, "contact": 0.05, "none": 0.03}, OAK_TOLD, False),  # no «؟»: unopposed's 0.2 floor
        ({"price": 0.12, "greeting": 0.6, "contact": 0.05, "none": 0.05}, OAK_ASKED, False),  # «no question» over a third
        ({"price": 0.12, "greeting": 0.6, "contact": 0.13, "none": 0.03}, OAK_ASKED, False),  # another question ahead
        ({"price": 0.09, "greeting": 0.6, "contact": 0.01, "none": 0.01}, OAK_ASKED, False),  # under ASKED_FLOOR
    ],
)
def test_a_part_below_its_bar_stands_in_a_question_when_nothing_else_is_read(
    probabilities: dict[str, float], text: str, stands: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A question mark says the message asks something: a part under unopposed's floor stands when no other
    intent is read (greeting aside) and «no question» is under 1/ASKED_NONE_RATIO of its P."""
    monkeypatch.setattr(gate_module, "ASKED_NONE_RATIO", 3.0)
    monkeypatch.setattr(gate_module, "ASKED_NONE", None)  # the ratio alone (the next test reads the other way)
    engine = _engine(COURTESY_RULES, _flat_gate(probabilities))
    p, kept = _verdicts(engine, text)["price"]
    assert p == pytest.approx(probabilities["price"]) and kept is stands
    assert _first(engine, text) == ((("greeting", "price"), "exact") if stands else (("fallback",), "fallback"))
    monkeypatch.setattr(gate_module, "ASKED_NONE_RATIO", None)
    assert not _verdicts(engine, text)["price"][1]


FEE_ASKED = "سلام، عکاسی مراسم عقد ساعتی چند؟"  # veto2: a fee the CV gate vetoed (P 0.12, nothing else read) and this reading keeps


@pytest.mark.parametrize(
    ("probabilities", "text", "alone", "stands"),
    [
        ({"price": 0.12, "greeting": 0.6, "contact": 0.05, "none": 0.05}, FEE_ASKED, False, True),  # «no question» over a third, under 10 %
        ({"price": 0.12, "greeting": 0.6, "contact": 0.05, "none": 0.1}, FEE_ASKED, False, False),  # «no question» at ASKED_NONE
        ({"price": 0.12, "greeting": 0.6, "contact": 0.1, "none": 0.05}, FEE_ASKED, False, False),  # another question at ASKED_OTHER
        ({"price": 0.12, "greeting": 0.6, "contact": 0.05, "none": 0.05}, FEE_ASKED.replace("؟", ""), False, False),  # asks nothing
        ({"price": 0.09, "greeting": 0.6, "contact": 0.01, "none": 0.01}, FEE_ASKED, False, False),  # under ASKED_FLOOR
        ({"price": 0.12, "greeting": 0.6, "contact": 0.05, "none": 0.05}, FEE_ASKED, True, False),  # a weak (`alone`) part
    ],
)
def test_a_part_below_its_bar_stands_in_a_question_when_the_gate_reads_nothing_else(
    probabilities: dict[str, float], text: str, alone: bool, stands: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A question in words the corpus has few of: P 0.1–0.25 for its intent, «no question» under 10 % but over a third
    of it, no other question at 10 %: it stands (gate.ASKED_NONE, ASKED_OTHER); not without the «؟», nor a weak part."""
    monkeypatch.setattr(gate_module, "WEAK_THRESHOLD", 0.25)  # a weak part at the same bar: only `alone` differs
    rules = COURTESY_RULES.replace("    keywords: [قیمت]\n", "    keywords: [قیمت, چند]\n" + ("    alone: true\n" if alone else ""))
    engine = _engine(rules, _flat_gate(probabilities))
    p, kept = _verdicts(engine, text)["price"]
    assert p == pytest.approx(probabilities["price"]) and kept is stands
    assert _first(engine, text) == ((("greeting", "price"), "exact") if stands else (("fallback",), "fallback"))
    monkeypatch.setattr(gate_module, "ASKED_NONE", None)
    assert not _verdicts(engine, text)["price"][1]


def test_try_says_a_question_stood_with_nothing_else_read(monkeypatch: pytest.MonkeyPatch) -> None:
    from responder.cli import _why

    rules = COURTESY_RULES.replace("    keywords: [قیمت]\n", "    keywords: [قیمت, چند]\n")
    engine = _engine(rules, _flat_gate({"price": 0.12, "greeting": 0.6, "contact": 0.05, "none": 0.05}))
    first = next(engine.matches(_message(FEE_ASKED), Situation(NOW)))
    line = next(line for line in _why(engine, _message(FEE_ASKED), NOW, first) if line.startswith("price"))
    assert "a greeting or thanks aside, none of them at 10 %, and in a message that asks, «no question» under 10 %" in line


def test_try_says_a_question_stood_with_little_room_for_no_question(monkeypatch: pytest.MonkeyPatch) -> None:
    from responder.cli import _why

    monkeypatch.setattr(gate_module, "ASKED_NONE_RATIO", 3.0)
    engine = _engine(COURTESY_RULES, _flat_gate({"price": 0.12, "greeting": 0.6, "contact": 0.05, "none": 0.03}))
    first = next(engine.matches(_message(OAK_ASKED), Situation(NOW)))
    line = next(line for line in _why(engine, _message(OAK_ASKED), NOW, first) if line.startswith("price"))
    assert "in a message that asks, «no question» under 1/3 of it" in line


@pytest.mark.parametrize(
    ("probabilities", "stands"),
    [
        ({"price": 0.3, "contact": 0.05, "none": 0.7}, False),  # «no question» at CHATTER_NONE and over twice the P
        ({"price": 0.4, "contact": 0.05, "none": 0.7}, True),  # not twice
        ({"price": 0.3, "contact": 0.05, "none": 0.45}, True),  # under CHATTER_NONE
        ({"price": 0.3, "contact": 0.05}, True),  # a gate without a none row
    ],
)
def test_a_part_at_its_bar_is_dropped_when_the_message_reads_as_chatter(
    probabilities: dict[str, float], stands: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """«شارژ ایرانسل ۲۰ درصد هدیه داره امروز؟» reaches the spec bar, but reads far more as chatter."""
    monkeypatch.setattr(gate_module, "STATEMENT_NONE", None)  # ASKED has no «؟»: the statement's own room (test_loso.py) aside
    engine = _engine(LEAD_RULES, _flat_gate(probabilities))
    p, kept = _verdicts(engine, ASKED)["price"]
    assert p == pytest.approx(probabilities["price"]) and p >= engine.bar(engine.ruleset.rules[0]) and kept is stands
    assert _first(engine, ASKED) == ((("price",), "exact") if stands else (("fallback",), "fallback"))


def test_the_chatter_veto_can_be_turned_off_and_try_says_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from responder.cli import _why

    engine = _engine(LEAD_RULES, _flat_gate({"price": 0.3, "contact": 0.05, "none": 0.7}))
    first = next(engine.matches(_message(ASKED), Situation(NOW)))
    (line,) = _why(engine, _message(ASKED), NOW, first)
    assert "read the message as chatter rather than a question about price («no question» sure 70 % against 30 %)" in line
    monkeypatch.setattr(gate_module, "CHATTER_NONE", None)
    monkeypatch.setattr(gate_module, "STATEMENT_NONE", None)
    assert _first(engine, ASKED) == (("price",), "exact")


def test_try_says_nothing_else_is_read() -> None:
    from responder.cli import _why

    engine = _engine(COURTESY_RULES, _flat_gate({"price": 0.22, "greeting": 0.6, "contact": 0.05, "none": 0.05}))
    first = next(engine.matches(_message(GREETED), Situation(NOW)))
    lines = _why(engine, _message(GREETED), NOW, first)
    assert any("likeliest reading of the message is price (sure 22 %, needs 25 %, but ahead of every other question, "
               "a greeting or thanks aside, and «no question» under 10 %)" in line for line in lines)


OFFER_RULES = """
rules:
  - name: offer
    intent: offer
    offer: true
    reply: پیشنهادتان را دیدم
  - name: fallback
    fallback: true
    reply: خودم جواب می‌دهم
"""


def test_an_offer_has_a_lower_bar_unless_the_rule_files_set_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """A number offer is a number the offer finder read, not a word with another sense: its bar is
    gate.INTENT_THRESHOLDS' (0.05); an explicit `intent_gate:` threshold applies to it as to all."""
    monkeypatch.setattr(gate_module, "LEAD_NONE_RATIO", None)  # the bar alone
    gate = _flat_gate({"offer": 0.1, "price": 0.5, "none": 0.01})
    text = "۶۲۰ بدی برش میدارم"
    engine = _engine(OFFER_RULES, gate)
    assert _first(_engine(OFFER_RULES, False), text) == (("offer",), "exact")
    assert engine.bar(engine.ruleset.rules[0]) == gate_module.INTENT_THRESHOLDS["offer"] == 0.05
    assert _first(engine, text) == (("offer",), "exact")
    assert _first(_engine("intent_gate: 0.25\n" + OFFER_RULES, gate), text) == (("fallback",), "fallback")
    monkeypatch.setattr(gate_module, "INTENT_THRESHOLDS", {})
    assert _first(engine, text) == (("fallback",), "fallback")
    low = _engine(OFFER_RULES, _flat_gate({"offer": 0.04, "price": 0.5, "none": 0.01}))
    monkeypatch.undo()
    monkeypatch.setattr(gate_module, "LEAD_NONE_RATIO", None)
    assert _first(low, text) == (("fallback",), "fallback")  # under 0.05 too


# ── the message's one question read alone (branch vetoes) ───────────────────────────
# A story told around a single question dilutes the whole message's TF-IDF: the gate vetoed right
# keyword answers from writers it was not trained on («برای پسرم میخوام که تازه گواهینامه گرفته، ترمزاش
# ABS داره؟»). A strong part stands if that one question, read alone, is unopposed at
# gate.QUESTION_THRESHOLD and the whole message does not lean to chatter (gate.QUESTION_WHOLE_NONE).

STORY = "ما از روستا داریم میایم شهر، قیمتش چنده؟"
STORY_WORDS = ("روستا", "داریم", "شهر")


def _word_gate(none_bias: float = -3.5) -> IntentGate:
    """A hand-made gate over whole words: «قیمتش», «چنده» read as price; the story's words as ``none``.
    The question alone: price ≈ 0.66, none ≈ 0.03; with the story: price ≈ 0.19 (under the 0.25 bar)."""
    words = ("قیمتش", "چنده", *STORY_WORDS)
    vocabulary = {f"w:{w}": i for i, w in enumerate(words)}
    rows = {
        "price": array("d", [4.0, 4.0, 0.0, 0.0, 0.0]),
        "contact": array("d", [0.0] * 5),
        "none": array("d", [0.0, 0.0, 2.0, 2.0, 2.0]),
    }
    return IntentGate(vocabulary=vocabulary, idf=array("d", [1.0] * 5), weights=rows,
                      bias={"price": -5.0, "contact": -5.0, "none": none_bias}, threshold=0.25)  # fmt: skip


def test_the_one_question_of_a_story_is_read_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    gate = _word_gate()
    engine = _engine(LEAD_RULES.replace("[قیمت]", "[قیمت, چند]"), gate)
    whole = gate.vector(STORY)
    assert gate.probability("price", whole) < 0.25 and not gate.leads("price", whole) and not gate.unopposed("price", whole)
    assert gate_module.UNOPPOSED_NONE < gate.probability("none", whole) < gate_module.QUESTION_WHOLE_NONE
    assert engine.matcher.question_at(STORY, [next(engine.matcher.matches(_message(STORY), Situation(NOW))).position]) == ["قیمتش چنده"]
    p, kept = _verdicts(engine, STORY)["price"]
    assert kept and p == pytest.approx(gate.probability("price", gate.vector("قیمتش چنده"))) and p >= gate_module.QUESTION_THRESHOLD
    assert _first(engine, STORY) == (("price",), "exact")
    monkeypatch.setattr(gate_module, "QUESTION_THRESHOLD", None)  # the whole message only, as before
    assert _first(engine, STORY) == (("fallback",), "fallback")


def test_the_question_is_not_read_alone_when_the_message_leans_to_chatter(monkeypatch: pytest.MonkeyPatch) -> None:
    """«رهن چنده؟ ببخشید دیدم نوشتین، سوالی ندارم»: the whole message's «no question» at
    QUESTION_WHOLE_NONE keeps the veto; so does a question that is not unopposed read alone."""
    chatty = _word_gate(none_bias=-2.0)
    engine = _engine(LEAD_RULES.replace("[قیمت]", "[قیمت, چند]"), chatty)
    assert chatty.probability("none", chatty.vector(STORY)) >= gate_module.QUESTION_WHOLE_NONE
    assert _first(engine, STORY) == (("fallback",), "fallback")
    engine = _engine(LEAD_RULES.replace("[قیمت]", "[قیمت, چند]"), _word_gate())
    monkeypatch.setattr(gate_module, "QUESTION_NONE", 0.01)  # the question's own «no question» (≈ 0.03) now too high
    assert _first(engine, STORY) == (("fallback",), "fallback")
    monkeypatch.undo()
    monkeypatch.setattr(gate_module, "QUESTION_THRESHOLD", 0.7)  # the question alone (≈ 0.66) under the bar
    assert _first(engine, STORY) == (("fallback",), "fallback")


def test_a_weak_part_is_not_read_in_its_question_alone() -> None:
    engine = _engine(LEAD_RULES.replace("    keywords: [قیمت]\n", "    keywords: [قیمت, چند]\n    alone: true\n"), _word_gate())
    assert engine.ruleset.rules[0].alone
    assert _first(engine, STORY) == (("fallback",), "fallback")


def test_which_question_is_read_alone() -> None:
    """Only the one question («؟») of a message that says something else too, and only for a hit inside it."""
    engine = _engine(LEAD_RULES.replace("[قیمت]", "[قیمت, چند]"), _word_gate())

    def question(text: str) -> str:
        match = next(engine.matcher.matches(_message(text), Situation(NOW)))
        [found] = engine.matcher.question_at(text, [match.position])
        return found

    assert question(STORY) == "قیمتش چنده"
    assert question("قیمتش چنده؟ ما از روستا داریم میایم شهر") == "قیمتش چنده"  # a story after the question
    assert question("ما از روستا داریم میایم شهر، قیمتش چنده") == ""  # no question mark: no question
    assert question("قیمتش چنده؟") == ""  # one clause: the whole message is the question
    assert question("قیمتش رو دیدم، از روستا داریم میایم؟") == ""  # the hit is in a statement
    assert question("ما از روستا داریم میایم؟ قیمتش چنده؟") == ""  # two questions: clauses_at reads those
    assert engine.matcher.question_at(STORY, [0, 1 << 30]) == ["", ""]  # unknown: a typo hit, or no keyword


def test_try_names_the_question_read_alone() -> None:
    from responder.cli import _why

    engine = _engine(LEAD_RULES.replace("[قیمت]", "[قیمت, چند]"), _word_gate())
    first = next(engine.matches(_message(STORY), Situation(NOW)))
    (line,) = _why(engine, _message(STORY), NOW, first)
    assert "read the question «قیمتش چنده» on its own as asking about price (sure 66 %, needs 40 %; the whole message: sure 19 %" in line


DOCUMENT_RULES = """
rules:
  - name: documents
    intent: documents
    keywords: [سند]
    reply: سند دارد
  - name: fallback
    fallback: true
    reply: خودم جواب می‌دهم
"""


def test_a_document_question_has_a_lower_bar_unless_the_rule_files_set_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """Papers («سند», «بیمه», «کارت ماشین») rarely have another sense; the gate is unsure of their phrasings."""
    monkeypatch.setattr(gate_module, "LEAD_NONE_RATIO", None)
    monkeypatch.setattr(gate_module, "UNOPPOSED_FLOOR", None)
    gate = _flat_gate({"documents": 0.08, "price": 0.5, "none": 0.3})
    text = "سند این ملک به نام خودتونه؟"
    engine = _engine(DOCUMENT_RULES, gate)
    assert engine.bar(engine.ruleset.rules[0]) == gate_module.INTENT_THRESHOLDS["documents"] == 0.05
    assert _first(engine, text) == (("documents",), "exact")
    assert _first(_engine("intent_gate: 0.25\n" + DOCUMENT_RULES, gate), text) == (("fallback",), "fallback")
    assert _first(_engine(DOCUMENT_RULES, _flat_gate({"documents": 0.04, "price": 0.5, "none": 0.3})), text) == (("fallback",), "fallback")


# ── a Finglish message read as Persian too (branch vetoes) ───────────────────────────
# The model reads Finglish in Latin letters (gate.FINGLISH), where it has few lines; the rules read it as
# Persian. A strong part the Latin reading vetoes stands if the Persian reading agrees at its bar,
# ahead of every other reading and of «no question» (gate.FINGLISH_AS_PERSIAN).

FINGLISH_ASKED = "khune ro chand mifrushid?"  # the rules and the Persian reading: «خونه رو چند میفروشید»


def _persian_gate(price: float = 3.0, contact: float = 0.0, none: float = 0.0) -> IntentGate:
    """A hand-made gate that knows the Persian words «چند», «میفروشید» only: the Latin reading is empty."""
    vocabulary = {"w:چند": 0, "w:میفروشید": 1}
    rows = {"price": array("d", [price, price]), "contact": array("d", [contact, contact]), "none": array("d", [none, none])}
    return IntentGate(vocabulary=vocabulary, idf=array("d", [1.0, 1.0]), weights=rows,
                      bias={"price": -3.0, "contact": -3.0, "none": -3.0}, threshold=0.25)  # fmt: skip


@pytest.mark.parametrize(
    ("weights", "stands"),
    [
        ({}, True),  # price ≈ 0.78 read as Persian, nothing else read
        ({"contact": 3.5}, False),  # another intent ahead
        ({"none": 3.5}, False),  # «no question» ahead
        ({"price": 1.0}, True),  # under the bar (≈ 0.16), nothing else read as Persian: the «asked» reading (veto3)
        ({"price": 1.0, "none": 1.0}, False),  # under the bar, «no question» as likely
        ({"price": 0.3}, False),  # ≈ 0.07: under every reading's floor
    ],
)
def test_a_finglish_message_is_read_as_persian_too(weights: dict[str, float], stands: bool) -> None:
    gate = _persian_gate(**weights)
    engine = _engine(LEAD_RULES.replace("[قیمت]", "[قیمت, چند]"), gate)
    assert gate.probability("price", gate.vector(FINGLISH_ASKED)) < 0.25  # the Latin reading: nothing known
    assert _first(engine, FINGLISH_ASKED, gated=False) == (("price",), "exact")
    p, kept = _verdicts(engine, FINGLISH_ASKED)["price"]
    assert kept is stands
    if stands:
        assert p == pytest.approx(gate.probability("price", gate.vector("خونه رو چند میفروشید")))
    assert _first(engine, FINGLISH_ASKED) == ((("price",), "exact") if stands else (("fallback",), "fallback"))


def test_the_persian_reading_can_be_turned_off_and_reads_only_finglish(monkeypatch: pytest.MonkeyPatch) -> None:
    engine = _engine(LEAD_RULES.replace("[قیمت]", "[قیمت, چند]"), _persian_gate())
    assert _first(engine, FINGLISH_ASKED) == (("price",), "exact")
    monkeypatch.setattr(gate_module, "FINGLISH_AS_PERSIAN", False)
    assert _first(engine, FINGLISH_ASKED) == (("fallback",), "fallback")
    monkeypatch.undo()
    weak = _engine(LEAD_RULES.replace("    keywords: [قیمت]\n", "    keywords: [قیمت, چند]\n    alone: true\n"), _persian_gate())
    assert _first(weak, FINGLISH_ASKED) == (("fallback",), "fallback")  # not a weak part
    monkeypatch.setattr(gate_module, "FINGLISH", True)  # the gate already reads Finglish as Persian: no second reading
    gate = _persian_gate()
    assert gate.probability("price", gate.vector(FINGLISH_ASKED)) > 0.25


def test_try_says_the_message_was_read_as_persian() -> None:
    from responder.cli import _why

    engine = _engine(LEAD_RULES.replace("[قیمت]", "[قیمت, چند]"), _persian_gate())
    first = next(engine.matches(_message(FINGLISH_ASKED), Situation(NOW)))
    (line,) = _why(engine, _message(FINGLISH_ASKED), NOW, first)
    assert "read the message as Persian («خونه رو چند میفروشید») as asking about price (sure 78 %, needs 25 %, ahead of every other reading; in Latin letters: sure 5 %)" in line


@pytest.mark.parametrize("text", ["پست میکنید برای شهرستان؟ هنوز موجوده؟ قیمتش چند؟", "قیمتش رو دیدم", "سلام", "zzz"])
def test_the_routers_probabilities_are_the_pure_python_ones(asking_gate: IntentGate, text: str) -> None:
    """The router reads every intent at once through NumPy (probabilities_of); the agreement reads one at a
    time in pure Python (probability): the same P to rounding, and 1.0 for an intent the model does not know."""
    vector = asking_gate.vector(text)
    intents = [*sorted(asking_gate.intents), "not-a-trained-intent"]
    at_once = asking_gate.probabilities_of(intents, vector)
    one_by_one = [asking_gate.probability(intent, vector) for intent in intents]
    assert at_once == pytest.approx(one_by_one, abs=1e-12) and at_once[-1] == 1.0


@pytest.mark.parametrize("text", ["ارسال به کرج دارید؟ رنگ مشکیش هنوز هست؟", "تخفیف تخفیف تخفیف بدید لطفا", "سلام", "qqq www", "", "تخفیف " * 300])
def test_the_routers_arrays_are_the_vector_to_the_last_bit(asking_gate: IntentGate, text: str) -> None:
    """speed3: the router reads :meth:`IntentGate.sparse` (NumPy arrays) where the agreement reads the dict
    :meth:`IntentGate.vector`: the same columns in the same order and the same floats (a word said three times too,
    and 300 times: speed4's tf table ends at 255, math.log beyond). speed4: the weights it gathers with the IDF are
    each intent's own at those columns."""
    import numpy

    vector = asking_gate.vector(text)
    cols, vals, block = asking_gate.sparse(text)
    assert cols.tolist() == list(vector) and vals.tolist() == list(vector.values())
    names, _, _ = asking_gate._by_column()
    for intent, row in names.items():
        assert block[row].tolist() == numpy.frombuffer(asking_gate.weights[intent], dtype=numpy.float64)[cols].tolist()


@pytest.mark.parametrize("text", ["ارسال به کرج دارید؟ رنگ مشکیش هنوز هست؟", "قیمت آخر چند میدی؟ قیمت آخر", "zzz"])
def test_every_intents_p_at_once_is_each_rows_own_dot_product(asking_gate: IntentGate, text: str) -> None:
    """speed3: probabilities_of gathers every intent's weights as one block and takes each row's dot product; the
    bits are those of one gather and one product per intent (as before), for the dict and the arrays alike."""
    import numpy

    vector = asking_gate.vector(text)
    routed = asking_gate.sparse(text)
    cols, vals, _ = routed
    intents = ["not-a-trained-intent", *sorted(asking_gate.weights)]
    one_by_one = [1.0] + [
        gate_module._sigmoid(asking_gate.bias[i] + float(numpy.frombuffer(asking_gate.weights[i], dtype=numpy.float64)[cols] @ vals))
        for i in intents[1:]
    ]  # fmt: skip
    assert asking_gate.probabilities_of(intents, routed) == one_by_one == asking_gate.probabilities_of(intents, vector)
    assert asking_gate.probabilities_of([], vector) == []


# ── veto3: a second question, a two-question message's question read alone, a Finglish question below the bar ──
# «X؟ Y؟» spends the whole message's reading on X: Y's P on the whole is low though nothing else is read in it.

TWO_RULES = WITHOUT_OWN.replace(  # price and delivery
    "  - name: contact\n    intent: contact\n    keywords: [تلفن, شماره]\n    reply: تماس\n",
    "  - name: delivery\n    intent: delivery\n    keywords: [ارسال]\n    reply: ارسال داریم\n",
)
TWO_ASKED = "قیمت میز ناهارخوری چنده؟ ارسال به شیراز دارید؟"


@pytest.mark.parametrize(
    ("probabilities", "text", "alone", "stands"),
    [
        ({"price": 0.9, "delivery": 0.18, "none": 0.02}, TWO_ASKED, False, True),  # nothing else read, price set aside
        ({"price": 0.9, "delivery": 0.14, "none": 0.02}, TWO_ASKED, False, False),  # under SIBLING_FLOOR
        ({"price": 0.28, "delivery": 0.18, "none": 0.02}, TWO_ASKED, False, False),  # price answered under SIBLING_ANSWERED
        ({"price": 0.9, "delivery": 0.18, "none": 0.12}, TWO_ASKED, False, False),  # «no question» over a third of it
        ({"price": 0.9, "delivery": 0.18, "none": 0.02}, "قیمت میز و ارسالش به شیراز چند درمیاد؟", False, False),  # one question
        ({"price": 0.9, "delivery": 0.18, "none": 0.02}, "قیمت میز ناهارخوری چنده؟ ارسال به شیراز هم هست", False, False),  # told
        ({"price": 0.9, "delivery": 0.18, "none": 0.02}, TWO_ASKED, True, False),  # a weak (`alone`) part
    ],
)
def test_a_second_question_stands_beside_an_answered_one_when_nothing_else_is_read(
    probabilities: dict[str, float], text: str, alone: bool, stands: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gate_module, "CLAUSE_THRESHOLD", None)  # no question read alone: the whole message's reading only
    monkeypatch.setattr(gate_module, "WEAK_THRESHOLD", 0.25)  # a weak part at the same bar: only `alone` differs
    rules = TWO_RULES.replace("    keywords: [ارسال]\n", "    keywords: [ارسال]\n" + ("    alone: true\n" if alone else ""))
    engine = _engine(rules, _flat_gate(probabilities))
    assert _first(engine, text, gated=False)[0] == ("price", "delivery")
    verdicts = _verdicts(engine, text)
    assert verdicts["price"][1] and verdicts["delivery"][1] is stands
    assert _first(engine, text)[0] == (("price", "delivery") if stands else ("price",))
    monkeypatch.setattr(gate_module, "SIBLING_FLOOR", None)
    assert not _verdicts(engine, text)["delivery"][1]


def _two_question_gate(none_weight: float = 0.0) -> IntentGate:
    """A hand-made gate over whole words. «قیمتش چنده» read alone: price ≈ 0.55, nothing else; the whole message
    «ارسال دارید؟ قیمتش چنده؟»: delivery ≈ 0.27 (at the bar), price ≈ 0.21 (under it). ``none_weight``: «دارید»
    read as «no question» too (the whole message's, not the price question's)."""
    words = ("ارسال", "دارید", "قیمتش", "چنده")
    rows = {
        "delivery": array("d", [4.0, 4.0, 0.0, 0.0]),
        "price": array("d", [0.0, 0.0, 3.68, 3.68]),
        "none": array("d", [0.0, none_weight, 0.0, 0.0]),
    }
    return IntentGate(vocabulary={f"w:{w}": i for i, w in enumerate(words)}, idf=array("d", [1.0] * 4), weights=rows,
                      bias={"delivery": -5.0, "price": -5.0, "none": -5.0}, threshold=0.25)  # fmt: skip


def test_each_question_of_two_stands_when_it_is_unopposed_read_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gate_module, "SIBLING_FLOOR", None)  # the question read alone only
    text = "ارسال دارید؟ قیمتش چنده؟"
    gate = _two_question_gate()
    engine = _engine(TWO_RULES.replace("[قیمت, چند]", "[قیمت, چنده]"), gate)
    assert gate.probability("price", gate.vector(text)) < 0.25 <= gate.probability("delivery", gate.vector(text))
    p, kept = _verdicts(engine, text)["price"]
    assert kept and gate_module.CLAUSE_UNOPPOSED <= p < gate_module.CLAUSE_THRESHOLD and p == pytest.approx(0.55, abs=0.01)
    assert _first(engine, text)[0] == ("delivery", "price")
    monkeypatch.setattr(gate_module, "CLAUSE_UNOPPOSED", 0.58)  # the question alone (≈ 0.55) under the bar
    assert _first(engine, text)[0] == ("delivery",)
    monkeypatch.undo()
    monkeypatch.setattr(gate_module, "SIBLING_FLOOR", None)
    chatty = _two_question_gate(none_weight=9.4)  # the whole message's «no question» ≈ 0.43: at QUESTION_WHOLE_NONE
    assert gate_module.QUESTION_WHOLE_NONE <= chatty.probability("none", chatty.vector(text)) < 0.5
    assert _first(_engine(TWO_RULES.replace("[قیمت, چند]", "[قیمت, چنده]"), chatty), text)[0] == ("delivery",)


def test_try_says_which_reading_kept_a_second_question(monkeypatch: pytest.MonkeyPatch) -> None:
    from responder.cli import _why

    monkeypatch.setattr(gate_module, "CLAUSE_THRESHOLD", None)
    engine = _engine(TWO_RULES, _flat_gate({"price": 0.9, "delivery": 0.18, "none": 0.02}))
    first = next(engine.matches(_message(TWO_ASKED), Situation(NOW)))
    line = next(line for line in _why(engine, _message(TWO_ASKED), NOW, first) if line.startswith("delivery"))
    assert "ahead of every other question, a greeting or thanks and the questions answered beside it aside" in line
    monkeypatch.undo()
    text = "ارسال دارید؟ قیمتش چنده؟"
    engine = _engine(TWO_RULES.replace("[قیمت, چند]", "[قیمت, چنده]"), _two_question_gate())
    first = next(engine.matches(_message(text), Situation(NOW)))
    line = next(line for line in _why(engine, _message(text), NOW, first) if line.startswith("price"))
    assert "read the question «قیمتش چنده» on its own as asking about price (sure 55 %, needs 50 %, nothing else read in it" in line


def test_try_says_a_finglish_question_stood_below_the_bar_read_as_persian() -> None:
    from responder.cli import _why

    engine = _engine(LEAD_RULES.replace("[قیمت]", "[قیمت, چند]"), _persian_gate(price=1.0))
    first = next(engine.matches(_message(FINGLISH_ASKED), Situation(NOW)))
    (line,) = _why(engine, _message(FINGLISH_ASKED), NOW, first)
    assert "read the message as Persian («خونه رو چند میفروشید»): its likeliest reading is price (sure 17 %, needs 25 %" in line
    assert "in a message that asks, «no question» under 1/3 of it" in line
