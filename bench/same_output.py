"""Dump what the text and matching code makes of every corpus line, to compare two trees' output.

A speed change must not change a result. Run this once on the tree before and once after, and
compare the two files byte for byte::

    git worktree add /tmp/before HEAD~3
    python bench/same_output.py /tmp/before /tmp/before.json
    python bench/same_output.py . /tmp/after.json
    cmp /tmp/before.json /tmp/after.json && echo identical

Dumped for every line of ``responder/corpus/*/*.tsv`` plus every line of the rule and pack files and
50,500 seeded random mixed-script texts (short and long): fold (Finglish on and off), fold_marked,
canonical, clean, padded, words, read_finglish, each computed twice (stores empty, then filled).
For every corpus line: the whole list of matches (tier, rules, groups, position, confidence,
offer) and the routed intent, with the shipped gate and without it (the category's pack beside
rules/); and the reply text (or the render error) of every match, without post facts (what
``first_reply`` gives) and with a post's facts (what the worker renders). Deterministic: the same
tree gives the same bytes.
"""

from __future__ import annotations

import glob
import hashlib
import json
import random
import sys
from pathlib import Path


def main(repo: str, out: str) -> None:
    sys.path.insert(0, repo)  # that tree's code, not the installed one
    from responder import text as T
    from responder.engine import Engine, RenderError, Situation
    from responder.evaluate import DAYTIME, load_rules
    from responder.events import Message

    root = Path(repo)
    corpus = {}
    for path in sorted(glob.glob(str(root / "responder/corpus/*/*.tsv"))):
        lines = Path(path).read_text(encoding="utf-8").splitlines()[1:]
        corpus[str(Path(path).relative_to(root))] = [line.split("\t")[0] for line in lines if line.strip()]
    extra = []
    for path in sorted(glob.glob(str(root / "rules/*.yaml")) + glob.glob(str(root / "packs/*/*.yaml"))):
        extra += Path(path).read_text(encoding="utf-8").splitlines()
    rng = random.Random(11)
    alphabet = ("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكةۀأإٱآؤئى" "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZßİǰ"
                "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩0123456789" "\u200c\u200d\u200b\u00ad\u2060\ufeff\u0640\u064b\u064e\u0670"
                " ،؟?!.,;:«»()-_\n\t\u00a0ＧＨﻻﺏ¨😊🙏" "ییییااااسسسهها")  # fmt: skip
    extra += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(30000)]
    pieces = ["می", "نمی", "ها", "های", "تر", "ترین", "هاا", "میی", "salam", "gheymatesh", "mikoni", "206", "۲", "؟", "،", "aaa", "تررر"]
    extra += [" ".join(rng.choice(pieces) for _ in range(rng.randint(1, 6))) for _ in range(20000)]
    pieces += ["قیمت", "؟", "نه", "\n", "gheymat", "۲۰۶"]
    extra += [" ".join(rng.choice(pieces) for _ in range(rng.randint(40, 150))) for _ in range(500)]  # long texts

    def forms(t: str) -> list[object]:
        return [T.fold(t), T.fold(t, finglish=False), T.fold_marked(t), T.canonical(t), T.clean(t), T.padded(t), T.words(t),
                T.read_finglish(T.clean(t))]  # fmt: skip

    texts = [t for lines in corpus.values() for t in lines] + extra
    result: dict[str, object] = {"fold": [forms(t) for t in texts] + [forms(t) for t in texts]}
    matches: dict[str, list[object]] = {}
    situation = Situation(DAYTIME, first_in_conversation=True)
    facts = {"city": "تهران", "district": "ونک", "price": 45_000_000, "title": "پژو ۲۰۶ تیپ ۲", "category": "light"}

    def reply(engine: Engine, match: object, message: Message, given: dict[str, object] | None) -> str:
        try:
            return engine.render(match, message, DAYTIME, given).text  # type: ignore[arg-type]
        except RenderError as exc:
            return f"RenderError: {exc}"
    for name, lines in corpus.items():
        category = Path(name).stem
        pack = root / "packs" / category
        rules = load_rules([root / "rules", pack] if pack.is_dir() else [root / "rules"]).rules
        for gate in (True, False):
            engine = Engine(rules, gate=gate)
            rows: list[object] = []
            for t in lines:
                message = Message(id=hashlib.sha1(t.encode()).hexdigest(), post_token="EVAL", text=t, type="TEXT", role="buyer",
                                  sent_at=DAYTIME, source="legacy", sender_id="buyer", receiver_id="seller", category=category)  # fmt: skip
                found = list(engine.matches(message, situation))
                rows.append([[m.tier, [r.name for r in m.rules], sorted(m.groups.items()), m.position, round(m.confidence, 9), repr(m.offer)]
                             for m in found])  # fmt: skip
                if gate:
                    rows.append([[reply(engine, m, message, None), reply(engine, m, message, facts)] for m in found])
                route = engine.route(t)
                rows.append(route and [route[0], round(route[1], 9)])
            matches[f"{name}|gate={gate}"] = rows
    result["match"] = matches
    Path(out).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    print(f"{out}: {len(texts):,} texts folded twice; {sum(map(len, corpus.values())):,} corpus lines matched in {len(matches)} tables")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
