"""The labeled buyer-message corpus is well-formed: the shipped sets in responder/corpus/ (the
agreement gate trains on them) and any blind holdout kept in tests/data/ (never shipped).

Checks format only — it does not run the rules. Every file is UTF-8 TSV with
the header ``text<TAB>labels``; every row has exactly two columns; labels are
known intent ids (see tests/data/README.md) or ``none`` on its own; each file
meets its minimum size; no text appears twice in a file, no text of the second
dev set (dev2, the burned holdout v1) appears in the first, and no holdout text
(holdout2 to holdout10: spent and shipped; any blind ``tests/data/holdout*``) appears in any
other corpus folder.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "responder" / "corpus"  # eval, dev2, author, holdout2-10, train7-12: shipped, read by the gate
BLIND = Path(__file__).parent / "data"  # blind holdouts, kept out of the package
CATEGORIES = ("vehicles", "phones", "realestate", "home", "services")
MINIMUM = {"eval": 130, "dev2": 45, "holdout2": 60, "holdout3": 80, "holdout4": 80, "holdout5": 80, "holdout6": 80, "train7": 150, "holdout7": 80, "train8": 150, "holdout8": 80, "train9": 150, "holdout9": 80, "train10": 150, "holdout10": 120, "train11": 150, "train12": 150, "holdout11": 120, "train13": 150, "train14": 150, "holdout12": 120, "train15": 150, "train16": 150, "train17": 150, "holdout13": 120, "train18": 150, "train19": 150, "train23": 150, "train24": 150, "train25": 150, "train20": 150, "train21": 150, "train22": 150, "holdout14": 120, "train28": 150, "train29": 150, "train26": 150, "train27": 150, "holdout15": 120, "train30": 150, "train31": 150, "holdout16": 120, "train33": 150, "train32": 150, "holdout17": 120, "train34": 150, "train35": 150, "holdout18": 120, "train36": 150, "train37": 150, "holdout19": 120, "train38": 150, "train39": 150, "train41": 150, "train40": 150, "holdout20": 120}
INTENTS = {
    "greeting", "thanks", "price", "negotiation", "offer", "availability",
    "location", "swap", "installments", "photos", "contact", "visit",
    "delivery", "condition", "documents", "specs", "rent_terms", "job",
}

# A blind holdout stays out of the package, in tests/data/holdout<N>/, until it is measured.
BLIND_HOLDOUTS = tuple(sorted(p.name for p in BLIND.glob("holdout*") if p.is_dir()))
HOLDOUTS = ("holdout2", "holdout3", "holdout4", "holdout5", "holdout6", "holdout7", "holdout8", "holdout9", "holdout10", "holdout11", "holdout12", "holdout13", "holdout14", "holdout15", "holdout16", "holdout17", "holdout18", "holdout19", "holdout20", *BLIND_HOLDOUTS)


def folder(split: str) -> Path:
    """A blind holdout is in tests/data; the rest ship (holdout2-10 were measured, then trained on)."""
    return BLIND / split if split in BLIND_HOLDOUTS else DATA / split


FILES = [folder(split) / f"{name}.tsv" for split in [*MINIMUM, *BLIND_HOLDOUTS] for name in CATEGORIES]


def read_rows(path: Path) -> list[tuple[int, str, list[str]]]:
    lines = path.read_bytes().decode("utf-8").split("\n")
    assert lines[0] == "text\tlabels", f"{path}: bad header {lines[0]!r}"
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if line == "":
            assert number == len(lines), f"{path}:{number}: blank line"
            continue
        cells = line.split("\t")
        assert len(cells) == 2, f"{path}:{number}: {len(cells)} columns"
        text, labels = cells
        assert text.strip(), f"{path}:{number}: empty text"
        assert "\r" not in line, f"{path}:{number}: carriage return"
        rows.append((number, text, labels.split(",")))
    return rows


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_file_parses_with_known_labels(path):
    assert path.exists(), f"missing {path}"
    rows = read_rows(path)
    assert len(rows) >= MINIMUM.get(path.parent.name, 80), f"{path}: only {len(rows)} rows"
    for number, _text, labels in rows:
        assert all(labels), f"{path}:{number}: empty label"
        if "none" in labels:
            assert labels == ["none"], f"{path}:{number}: 'none' mixed with intents"
            continue
        unknown = set(labels) - INTENTS
        assert not unknown, f"{path}:{number}: unknown labels {sorted(unknown)}"
        assert len(set(labels)) == len(labels), f"{path}:{number}: repeated label"


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_no_duplicate_texts_in_a_file(path):
    seen: dict[str, int] = {}
    for number, text, _labels in read_rows(path):
        key = _key(text)
        assert key not in seen, f"{path}:{number} repeats line {seen[key]}: {text!r}"
        seen[key] = number


def test_dev2_shares_no_text_with_dev():
    """Short generic messages («سلام») may recur across dev categories, as they do
    in real chats, but no dev2 message (written as a holdout) may appear in eval."""
    dev = {}
    for name in CATEGORIES:
        path = DATA / "eval" / f"{name}.tsv"
        for number, text, _labels in read_rows(path):
            dev.setdefault(_key(text), f"eval/{name}.tsv:{number}")
    for name in CATEGORIES:
        path = DATA / "dev2" / f"{name}.tsv"
        for number, text, _labels in read_rows(path):
            key = _key(text)
            assert key not in dev, f"dev2/{name}.tsv:{number} is in {dev[key]}: {text!r}"


def _texts_in(path: Path) -> list[tuple[int, str]]:
    """First-column texts of any corpus TSV, read leniently (other folders may
    use their own layout); the header line is skipped."""
    out = []
    for number, line in enumerate(path.read_bytes().decode("utf-8").split("\n"), start=1):
        if number == 1 or not line.strip():
            continue
        out.append((number, line.split("\t")[0]))
    return out


@pytest.mark.parametrize("holdout", HOLDOUTS)
def test_holdout_shares_no_text_with_other_folders(holdout):
    """Each holdout (holdout2-10, any blind one in tests/data) was written blind by
    another author for a final measurement: none of its messages may appear in any other corpus
    folder (eval, dev2, the other holdout or any other set, shipped or in
    tests/data), so it shares no text with anything rules were tuned on."""
    other = {}
    for path in sorted([*DATA.rglob("*.tsv"), *BLIND.rglob("*.tsv")]):
        if holdout in path.parts:
            continue
        for number, text in _texts_in(path):
            other.setdefault(_key(text), f"{path.relative_to(ROOT)}:{number}")
    assert other, "no other corpus files found"
    for name in CATEGORIES:
        path = folder(holdout) / f"{name}.tsv"
        for number, text, _labels in read_rows(path):
            key = _key(text)
            assert key not in other, f"{holdout}/{name}.tsv:{number} is in {other[key]}: {text!r}"
