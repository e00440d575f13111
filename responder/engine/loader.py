"""Rule files → a validated :class:`RuleSet`, or every problem as ``file:line: message``.

One pass collects *all* problems (a seller fixes them in one go, not one per run).  A
rule set with any problem is not used: serving half the rules would silently drop the
broken ones, which is worse than keeping the last good set (see :mod:`.reloader`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from datetime import time
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, meta

from responder.events import MESSAGE_TYPES
from responder.text import canonical, clean, fold

from . import render, yamlhelp
from .divar_icons import ICON_NAMES
from .gate import ROUTE_THRESHOLD
from .model import DAY_NAMES, MATCH_MODES, PLACES, ROLES, Button, Problem, Rule, RuleSet, TimeWindow
from .saferegex import RegexRefused, compile_pattern
from .sandbox import MAX_OUTPUT, constant_problems
from .yamlfile import LineDict, LineList, YamlRefused, YamlSyntaxError, load

# Rounds of reading a broken file again past a slip or a Tab line YAML stopped at (each a parse: a 250 KB
# file of Tab lines took check 1.1 s before this reading, 3.6 s with 20 rounds); enough for a seller's few slips.
READ_PAST = 5

FILE_KEYS = ("rules", "defaults", "vars", "posts", "max_replies_per_hour", "example_threshold", "intent_gate", "intent_route")
RULE_KEYS = (
    "name", "priority", "fallback", "keywords", "all_keywords", "exact", "regex", "exclude",
    "match", "typos", "role", "posts", "categories", "title_contains", "message_types",
    "hours", "days", "first_message_only", "reply", "buttons", "once_per_conversation", "cooldown",
    "intent", "place", "offer", "examples", "alone", "topic", "followed_by", "covers", "unless",
    "unless_offer", "unless_told",
)  # fmt: skip
_LIST_COMMA = re.compile(r"[,،]")
_DASHED_ITEMS = re.compile(r"^-(?=\S)|\s+-\s*(?=\S)")  # «-قیمت -چند»: list items written with no space after the dash
BUTTON_KEYS = ("caption", "url", "icon")
MAX_BUTTONS = 9  # Divar: at most 3 rows of 3

_DAY_ALIASES = {
    fold(alias).replace(" ", ""): day
    for names in (DAY_NAMES, ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
                  ("دوشنبه", "سه‌شنبه", "چهارشنبه", "پنج‌شنبه", "جمعه", "شنبه", "یکشنبه"))
    for day, alias in enumerate(names)
}  # fmt: skip
_DURATION = re.compile(r"^\s*(\d+)\s*([smhd]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
_WINDOW = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


@dataclass
class LoadResult:
    rules: RuleSet
    problems: list[Problem]
    sources: list[tuple[str, str]] = field(default_factory=list)  # (file, text) as read: kept as the last good rules
    warnings: list[Problem] = field(default_factory=list)  # a reply would read oddly: said by `check`, not refused

    @property
    def ok(self) -> bool:
        return not self.problems


def rule_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_directory(directory: str | Path) -> LoadResult:
    """Load and check every ``*.yaml``/``*.yml`` file in ``directory`` (sorted by name)."""
    directory = Path(directory)
    if not directory.is_dir():
        return LoadResult(RuleSet(), [Problem(str(directory), 0, f"no such folder ({directory.absolute()}). Fix: run responder "
                                                                 f"in the folder that holds rules/, give the folder (responder "
                                                                 f"check DIR, responder try --rules DIR), or set RULES_DIR")])  # fmt: skip
    files = rule_files(directory)
    if not files:
        return LoadResult(RuleSet(), [Problem(str(directory), 0, "no .yaml rule files in this folder (rule files end in "
                                                                 ".yaml or .yml)")])  # fmt: skip
    sources: list[tuple[str, str | Problem]] = [(str(path), _read(path)) for path in files]  # load_texts weighs them all together
    result = load_texts(sources)
    result.sources = [(name, text) for name, text in sources if isinstance(text, str)]
    return result


# A rule file larger than this is not read: the starter rules are 44 KB in all, and reading YAML
# is slow in pure Python (~1 s per 100 KB of small rules, 80 s for a 5 MB file, each time it is
# edited, on the next message's path). All the files together may hold MAX_RULES_BYTES.
MAX_FILE_BYTES = 256 * 1024
MAX_RULES_BYTES = 1024 * 1024


def _size(count: int) -> str:
    return f"{count / (1 << 20):.1f} MB" if count >= 1 << 20 else f"{count / 1024:.0f} KB"


def _too_large(name: str, size: int, before: int) -> Problem | None:
    """A file over :data:`MAX_FILE_BYTES`, or one that takes all the files past :data:`MAX_RULES_BYTES`."""
    if size > MAX_FILE_BYTES:
        return Problem(name, 1, f"this file is {_size(size)}; a rule file may be at most {_size(MAX_FILE_BYTES)} (the starter "
                                f"rules are 44 KB in all), so it is not read. Fix: keep only rules in it, or split it in files")  # fmt: skip
    if before + size > MAX_RULES_BYTES:
        return Problem(name, 1, f"with this file the rule files hold {_size(before + size)}; together they may be at most "
                                f"{_size(MAX_RULES_BYTES)}, so it is not read. Fix: remove the files that are not rules")  # fmt: skip
    return None


def _read(path: Path) -> str | Problem:
    """The file's text, or the problem reading it: a file too large alone is refused before it is read."""
    try:
        refused = _too_large(str(path), path.stat().st_size, 0)
        if refused is not None:
            return refused
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return Problem(str(path), 1, f"file is not UTF-8 text (byte {exc.start}); save it as UTF-8")
    except OSError as exc:
        return Problem(str(path), 0, f"cannot read: {exc.strerror}")


def load_texts(sources: list[tuple[str, str | Problem]]) -> LoadResult:
    """Check and compile rule files given as ``(name, text)``; the core of ``responder check``."""
    builder = _Builder()
    total = 0
    for name, text in sources:
        if isinstance(text, str):  # each file, and all of them together (load_directory's, the saved good rules)
            size = len(text.encode("utf-8"))
            refused = _too_large(name, size, total)
            text, total = (refused, total) if refused is not None else (text, total + size)
        if isinstance(text, Problem):
            builder.problems.append(text)
        else:
            builder.add_file(name, text)
    result = builder.finish()
    result.warnings = builder.warnings
    # Checks run in passes (keys, then templates once all vars are known, then shadowing);
    # a seller reads the report top to bottom, file by file.
    position = {name: index for index, (name, _text) in enumerate(sources)}
    result.problems.sort(key=lambda problem: (position.get(problem.file, len(position)), problem.line))
    return result


@dataclass(frozen=True)
class _Unread:
    """A file YAML could not read whole: the vars it defines may be lost with the lines it could not read."""

    file: str
    text: str
    first_line: int  # its first problem
    owners: dict[int, int]  # a line YAML skipped → the line of the slip (or Tab line) that made it skip it


def _var_names(missing: list[tuple[str, int, str, str]]) -> list[str]:
    """«vars.price», once each, in the order the replies use them."""
    return list(dict.fromkeys(f"vars.{var}" for *_, var in missing))


def _lost_vars(missing: list[tuple[str, int, str, str]]) -> str:
    """«because of it, vars.price is not read, so …»: what one syntax error breaks; ``missing``:
    ``(file, line, rule, var)`` of each reply's var it hides."""
    file, line, name, _var = missing[0]
    lost = _var_names(missing)
    replies = len(dict.fromkeys((f, n) for f, _, n, _ in missing))
    them = "it" if len(lost) == 1 else "them"
    where = f"rule {name!r}, {file}:{line}"
    who = (f"the reply of {where}, which uses {them}, waits for this fix" if replies == 1
           else f"{replies} replies that use {them} wait for this fix (the first: {where})")  # fmt: skip
    return f"because of it, {', '.join(lost)} {'is' if len(lost) == 1 else 'are'} not read, so {who}"


class _Builder:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.rules: list[Rule] = []
        self.vars: dict[str, object] = {}
        self.post_vars: dict[str, dict[str, object]] = {}
        self.max_per_hour = 0
        self.example_threshold = RuleSet.example_threshold
        self.intent_gate = RuleSet.intent_gate
        self.intent_route = RuleSet.intent_route
        self.files: list[str] = []
        self._templates: list[tuple[Rule, list[tuple[str, int, int]]]] = []  # checked once all vars are known
        self._seen_names: dict[str, tuple[str, int]] = {}
        self._var_origins: dict[str, tuple[str, int]] = {}  # vars.<key> / posts.<token>.<key> → where first set
        self._broken: set[int] = set()  # id() of rules with a problem of their own
        self._unread: list[_Unread] = []  # each file YAML could not read whole (its vars may be lost)
        self._unread_vars: list[tuple[str, int, str, str]] = []  # (file, line, rule, var) missing, maybe in an unread file
        self._blanked: set[int] = set()  # lines of the current file YAML could not read, blanked to read the rest

    # -- files ---------------------------------------------------------------------------

    def add_file(self, name: str, text: str) -> None:
        self.files.append(name)
        self.file = name
        self._blanked: set[int] = set()
        try:
            doc = load(text)
        except YamlRefused as exc:  # a bomb or a nesting no rule needs: the file is not read, said once
            self.problem(exc.line, str(exc))
            self._unread.append(_Unread(name, text, exc.line, {}))
            return
        except YamlSyntaxError as exc:
            owners: dict[int, int] = {}
            doc = self.unreadable(text, exc, owners)
            first = min(problem.line for problem in self.problems if problem.file == name)
            self._unread.append(_Unread(name, text, first, owners))
        if doc is None:
            return
        if isinstance(doc, LineList):  # a bare list of rules is a file with only rules
            doc_rules, doc = doc, LineDict({"rules": doc})
            doc.line, doc.lines, doc.duplicates = doc_rules.line, {"rules": doc_rules.line}, []
        if not isinstance(doc, LineDict):
            return self.problem(1, f"expected a mapping with 'rules:', got {_kind(doc)}")
        self.check_keys(doc, FILE_KEYS, "file")
        defaults = self.mapping(doc, "defaults")
        if defaults is not None:
            self.check_keys(defaults, tuple(k for k in RULE_KEYS if k != "name"), "defaults")
        self.merge_vars(self.mapping(doc, "vars"), self.vars, "vars")
        posts = self.mapping(doc, "posts")
        for token, values in (posts or {}).items():
            if not isinstance(values, LineDict):
                self.problem(posts.line_of(token), f"posts.{token}: expected a mapping of variables")
                continue
            self.merge_vars(values, self.post_vars.setdefault(str(token), {}), f"posts.{token}")
        if "max_replies_per_hour" in doc:
            self.max_per_hour = self.integer(doc, "max_replies_per_hour", minimum=0)
        if "example_threshold" in doc:
            self.example_threshold = self.fraction(doc, "example_threshold")
        if "intent_gate" in doc:
            self.intent_gate = self.gate_setting(doc)
        if "intent_route" in doc:
            self.intent_route = self.gate_setting(doc, "intent_route")
        rules = doc.get("rules")
        if rules is None:
            return
        if not isinstance(rules, LineList):
            return self.problem(doc.line_of("rules"), f"rules: expected a list of rules, got {_kind(rules)}")
        for index, raw in enumerate(rules):
            if not isinstance(raw, LineDict):
                self.problem(rules.line_of(index), f"rule #{index + 1}: expected a mapping, got {_kind(raw)}")
                continue
            before = len(self.problems)
            self.add_rule(raw, defaults or LineDict())
            end = rules.line_of(index + 1) if index + 1 < len(rules) else 1 << 30
            if any(rules.line_of(index) <= line < end for line in self._blanked):
                del self.problems[before:]  # a rule with an unreadable line: its syntax error says it all
                self._broken.add(id(self.rules[-1]))

    def unreadable(self, text: str, first: YamlSyntaxError, owners: dict[int, int]) -> Any:
        """Report every syntax error and indentation slip; the rest of the file if it can still be read.

        ``owners`` gets, for each line a slip or a Tab line made YAML skip, the line of that
        problem: a var written there and lost is said under it (:meth:`report_unread_vars`)."""
        layout = dict(yamlhelp.indentation_problems(text))
        unread: set[int] = set()
        stops: list[YamlSyntaxError] = []  # Tab or indentation lines YAML stopped at, read past to find the slips below
        doc: Any = None
        for _ in range(READ_PAST):
            slips = [(line, why) for line, why in yamlhelp.slips(text) if line <= first.line and line not in unread]  # before where YAML stopped
            if slips:
                for line, message in slips:
                    self.problem(line, f"YAML syntax: this line {message}")
                    held = yamlhelp.with_blocks(text, {line})  # a slip and the block it was to hold
                    owners.update({number: line for number in held if number not in owners or number == line})
                    unread |= held
                text = yamlhelp.blank(text, unread)  # what YAML says below a slip is a consequence of it
            elif first.line in layout:  # a Tab or a misaligned line: said once below; what follows may hold a slip
                stops.append(first)
                owners[first.line] = first.line
                text = yamlhelp.blank(text, {first.line})
            else:
                break
            try:
                doc = load(text)
            except YamlSyntaxError as exc:
                first = exc
            else:
                first = None
                break
        for line in unread:
            layout.pop(line, None)  # lines below a key YAML could not read are not misaligned: their key is
        errors, rest = yamlhelp.syntax_errors(text, first) if first is not None else ([], text)
        errors = stops + errors
        for error in errors:
            plain = f"this line {layout.pop(error.line)}" if error.line in layout else ""
            self.problem(error.line, yamlhelp.fix_for(str(error), plain))
        for line, message in layout.items():
            self.problem(line, f"indentation: this line {message}")
        if rest is None:
            return None
        self._blanked = {error.line for error in errors} | unread  # the rules holding them were reported already
        return doc if first is None else load(rest)

    def merge_vars(self, values: LineDict | None, into: dict[str, object], where: str) -> None:
        for key, value in (values or {}).items():
            line = values.line_of(key)
            first = self._var_origins.setdefault(f"{where}.{key}", (self.file, line))
            if str(key) in into:
                self.problem(line, f"{where}.{key} is defined twice (first at {first[0]}:{first[1]}); keep one")
            into[str(key)] = value
            if isinstance(value, str) and _wrapped(value):
                inner = value.strip()[1:-1].strip()
                self.warnings.append(Problem(self.file, line, f"{where}.{key}: the value is wrapped in {value.strip()[0]}…{value.strip()[-1]}: "
                                                              f"these marks would appear in the reply. Fix: remove them ({key}: {yamlhelp.as_setting(inner)}); "
                                                              f"for YAML quotes use \"…\" or none"))  # fmt: skip

    # -- rules ---------------------------------------------------------------------------

    def add_rule(self, raw: LineDict, defaults: LineDict) -> None:
        before = len(self.problems)
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            self.problem(raw.line, "rule without a 'name' (every rule needs a unique name)")
            name = f"(unnamed rule at line {raw.line})"
        elif name in self._seen_names:
            other_file, other_line = self._seen_names[name]
            self.problem(raw.line_of("name"), f"duplicate rule name {name!r} (first at {other_file}:{other_line})")
        else:
            self._seen_names[name] = (self.file, raw.line)
        self.check_keys(raw, RULE_KEYS, f"rule {name!r}")
        spec = _Merged(raw, defaults)
        rule = Rule(name=name, file=self.file, line=raw.line, order=len(self.rules))
        rule.priority = self.integer(spec, "priority", default=0)
        rule.fallback = self.boolean(spec, "fallback")
        rule.keywords = self.keyword_list(spec, "keywords")
        rule.all_keywords = self.keyword_list(spec, "all_keywords")
        rule.exact = self.keyword_list(spec, "exact")
        rule.exclude = self.keyword_list(spec, "exclude")
        rule.regex = tuple(self.regexes(spec))
        rule.match = self.choice(spec, "match", MATCH_MODES, default="prefix")
        rule.typos = self.boolean(spec, "typos")
        rule.offer = self.boolean(spec, "offer")
        rule.examples = tuple(self.strings(spec, "examples"))
        rule.intent = str(spec.get("intent") or name).strip() if not isinstance(spec.get("intent"), (list, dict)) else name
        rule.intent_declared = "intent" in spec
        rule.place = self.choice(spec, "place", PLACES + ("",), default="")
        rule.alone = self.boolean(spec, "alone")
        rule.topic = self.boolean(spec, "topic")
        if "followed_by" in spec:
            rule.followed_by = frozenset(self.keyword_list(spec, "followed_by"))
        rule.covers = frozenset(self.strings(spec, "covers"))
        rule.unless = tuple(self.regexes(spec, "unless"))
        rule.unless_offer = self.boolean(spec, "unless_offer")
        rule.unless_told = self.boolean(spec, "unless_told")
        if rule.offer and rule.unless_offer:
            self.problem(spec.line_of("unless_offer"), "unless_offer: this rule answers number offers (offer: true), so it "
                                                       "cannot also stay out of them; keep one of the two")  # fmt: skip
        rule.role = self.choice(spec, "role", ROLES, default="buyer")
        rule.posts = frozenset(self.strings(spec, "posts"))
        rule.categories = frozenset(s.casefold() for s in self.strings(spec, "categories"))
        rule.title_contains = self.keyword_list(spec, "title_contains")
        types = self.strings(spec, "message_types")
        for t in types:
            if t.upper() not in MESSAGE_TYPES:
                self.problem(spec.line_of("message_types"), f"message_types: unknown type {t!r}; use {_options(MESSAGE_TYPES)}")
        rule.message_types = frozenset(t.upper() for t in types) or frozenset({"TEXT"})
        rule.hours = tuple(self.windows(spec))
        rule.days = frozenset(self.days(spec))
        rule.first_message_only = self.boolean(spec, "first_message_only")
        rule.once_per_conversation = self.boolean(spec, "once_per_conversation")
        rule.cooldown_seconds = self.duration(spec, "cooldown")
        rule.buttons = tuple(self.buttons(spec))
        sources = self.replies(spec)
        rule.reply_sources = tuple(source for source, _, _ in sources)
        if len(self.problems) != before:
            self._broken.add(id(rule))
        self._templates.append((rule, sources))  # checked even so: every problem in one run
        self.rules.append(rule)

    def replies(self, spec: _Merged) -> list[tuple[str, int, int]]:
        """Each reply variant with the line its problems are reported at and the line its text starts."""
        value = spec.get("reply")
        line = spec.line_of("reply")
        if value is None:
            self.problem(spec.line, "rule has no 'reply'")
            return []
        if isinstance(value, str):
            return [(value, line, spec.text_line_of("reply"))] if value.strip() else self._bad_reply(line)
        if not isinstance(value, list) or not value or not all(isinstance(i, str) and i.strip() for i in value):
            return self._bad_reply(line)
        if not isinstance(value, LineList):
            return [(item, line, line) for item in value]
        return [(item, value.line_of(i), value.text_line_of(i)) for i, item in enumerate(value)]

    def _bad_reply(self, line: int) -> list[tuple[str, int, int]]:
        self.problem(line, "reply: expected text, or a list of non-empty texts to pick from")
        return []

    # -- whole set ------------------------------------------------------------------------

    def finish(self) -> LoadResult:
        for rule, sources in self._templates:
            self.file = rule.file
            compiled = (self.template(rule, line, text_line, source) for source, line, text_line in sources)
            rule.replies = tuple(t for t in compiled if t is not None)
        self.report_unread_vars()
        self.check_money()
        ordered = sorted(self.rules, key=lambda r: (r.fallback, -r.priority, r.order))
        self.check_shadowing(ordered)
        ruleset = RuleSet(ordered, self.vars, self.post_vars, self.max_per_hour, files=tuple(self.files),
                          example_threshold=self.example_threshold, intent_gate=self.intent_gate,
                          intent_route=self.intent_route)
        return LoadResult(ruleset, self.problems)

    def check_money(self) -> None:
        """A var the replies write as a sum of money (``| money``) whose value is not a number.

        The filter then shows it as written: «توافقی» gives «قیمت توافقی تومان است» (a number with
        «میلیون» is read: :func:`.render.is_money`)."""
        users: dict[str, list[str]] = {}
        for rule, sources in self._templates:
            for source, _, _ in sources:
                for var in render.money_attributes(source):
                    names = users.setdefault(var, [])
                    if rule.name not in names:
                        names.append(rule.name)
        for var, rule_names in users.items():
            rules = f"rule {rule_names[0]!r}" + (f" (and {len(rule_names) - 1} more)" if len(rule_names) > 1 else "")
            values = [(f"vars.{var}", self.vars.get(var))]
            values += [(f"posts.{token}.{var}", post.get(var)) for token, post in self.post_vars.items()]
            for where, value in values:
                if not isinstance(value, str) or not value.strip() or render.is_money(value):  # «45000000» is read: the wrap warning says the rest
                    continue
                file, line = self._var_origins.get(where, (self.file, 0))
                self.warnings.append(Problem(file, line, f"{where}: {value.strip()!r} is not a number, but {rules} writes it "
                                                         f"as a sum of money (| money), so its reply would read wrongly (words where "
                                                         f'the sum goes). Fix: write the number, e.g. {var}: "45000000" or {var}: "۴۵ میلیون"'))  # fmt: skip

    def report_unread_vars(self) -> None:
        """Vars missing while a file could not be read whole: said under the syntax error that
        lost them, as what it breaks until it is fixed (:attr:`Problem.then`), not as problems of their own.

        They are most likely in the part YAML could not read, so one typo there was reported once
        per reply using its vars (a Tab gave 1 problem, an open quote 16), then as a second problem
        (a new-user trial counted «2 problems» for one slip).  A var written on a line a slip
        (or a Tab line) made YAML skip is said under that slip, so with two slips in a file each
        says what it hides; any other under the first problem of the first such file."""
        if not self._unread_vars:
            return
        causes: dict[tuple[str, int], list[tuple[str, int, str, str]]] = {}
        for missing in self._unread_vars:
            causes.setdefault(self._lost_by(missing[3]), []).append(missing)
        for (unread_file, unread_line), missing in causes.items():
            then = _lost_vars(missing)
            for index, problem in enumerate(self.problems):
                if problem.file == unread_file and problem.line == unread_line:
                    self.problems[index] = replace(problem, then=then)
                    break
            else:  # its syntax error was not kept (never so far): said as a problem of its own rather than lost
                file, line, name, _var = missing[0]
                lost = ", ".join(_var_names(missing))
                self.file = file
                self.problem(line, f"rule {name!r}: reply uses {lost}, defined in no 'vars:' or 'posts:' that could be "
                                   f"read ({unread_file}:{unread_line} has a syntax error: fix it first)")  # fmt: skip

    def _lost_by(self, var: str) -> tuple[str, int]:
        """The ``(file, line)`` of the problem that most likely lost ``var``: the slip or Tab line
        YAML skipped the line it is written on for, else the first problem of the file it is written
        in, else the first problem of the first file that could not be read whole."""
        for unread in self._unread:
            lines = yamlhelp.key_lines(unread.text, var)
            if lines:
                owned = [unread.owners[line] for line in lines if line in unread.owners]
                return unread.file, owned[0] if owned else unread.first_line
        return self._unread[0].file, self._unread[0].first_line

    def template(self, rule: Rule, line: int, text_line: int, source: str):
        try:
            template = render.compile_template(source)
        except TemplateSyntaxError as exc:
            self.problem(text_line + max((exc.lineno or 1) - 1, 0), f"rule {rule.name!r}: reply template: {exc.message}")
            return None
        except Exception as exc:  # whatever compiling raises (ValueError, RecursionError, MemoryError …) is a problem too
            self.problem(line, f"rule {rule.name!r}: reply template cannot be compiled: {type(exc).__name__}: {exc}"[:500])
            return None
        if isinstance(template, str) and len(template) > MAX_OUTPUT:  # sent as written: Divar would refuse it, or the buyer scroll
            self.problem(text_line, f"rule {rule.name!r}: the reply is {len(template):,} characters; a chat reply may be at most "
                                    f"{MAX_OUTPUT:,}. Fix: shorten it")  # fmt: skip
            return None
        ast = render.ENVIRONMENT.parse(source)
        for lineno, limit in constant_problems(ast):
            self.problem(text_line + max(lineno - 1, 0), f"rule {rule.name!r}: reply can never render: {limit}")
        for unknown in sorted(meta.find_undeclared_variables(ast) - render.CONTEXT_NAMES):
            self.problem(line, f"rule {rule.name!r}: reply uses {{{{ {unknown} }}}}, which does not exist; "
                               f"available: {_options(render.CONTEXT_NAMES)}")  # fmt: skip
        known_vars = set(self.vars).union(*self.post_vars.values()) if self.post_vars else set(self.vars)
        for var in sorted(render.referenced_attributes(source, "vars") - known_vars):
            if self._unread:  # most likely defined in what could not be read: said under its syntax error, in finish()
                self._unread_vars.append((rule.file, line, rule.name, var))
                continue
            self.problem(line, f"rule {rule.name!r}: reply uses vars.{var}, defined in no 'vars:' or 'posts:'{_hint(var, known_vars)}")
        needed = render.referenced_attributes(source, "vars") & known_vars
        for token, values in self.post_vars.items():
            lacking = needed - set(values) - set(self.vars)
            if lacking:
                self.problem(line, f"rule {rule.name!r}: post {token!r} has no {', '.join(sorted(lacking))} "
                                   f"and 'vars:' gives no default")  # fmt: skip
        group_names = {g for rx in rule.regex for g in rx.groupindex}
        if id(rule) in self._broken:  # e.g. an invalid regex: its groups are unknown, not missing
            return template
        for group in sorted(render.referenced_attributes(source, "groups") - group_names):
            self.problem(line, f"rule {rule.name!r}: reply uses groups.{group}, but no regex of this rule has a group (?P<{group}>...)")
        return template

    def check_shadowing(self, ordered: list[Rule]) -> None:
        # Every catch-all is a blocker, not only the first: an IMAGE-only or seller-only
        # catch-all must not hide a later text catch-all that silences the rules after it.
        reported: set[int] = set()
        for i, blocker in enumerate(ordered):
            if not blocker.is_catch_all or id(blocker) in self._broken:
                continue  # a rule whose triggers were rejected is reported already, not a catch-all
            for later in ordered[i + 1 :]:
                if later.fallback or id(later) in reported:
                    continue
                same_role = blocker.role == "any" or later.role in (blocker.role, "any")
                if same_role and later.message_types <= blocker.message_types:
                    reported.add(id(later))
                    self.file = later.file
                    self.problem(later.line, f"rule {later.name!r} never fires: rule {blocker.name!r} "
                                             f"({blocker.file}:{blocker.line}) comes first and answers every message")  # fmt: skip

    # -- field readers: each reports its own problem and returns a safe default ----------

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.file, line, message))

    def check_keys(self, mapping: LineDict, allowed: tuple[str, ...], where: str) -> None:
        for key, line in mapping.duplicates:
            self.problem(line, f"{where}: key {key!r} is written twice; the first one would be ignored")
        for key in mapping:
            if key not in allowed:
                self.problem(mapping.line_of(key), f"{where}: unknown key {key!r}{_hint(str(key), allowed)}")

    def mapping(self, doc: LineDict, key: str) -> LineDict | None:
        value = doc.get(key)
        if value is None or isinstance(value, LineDict):
            return value
        self.problem(doc.line_of(key), f"{key}: expected a mapping, got {_kind(value)}")
        return None

    def integer(self, spec: Any, key: str, default: int = 0, minimum: int | None = None) -> int:
        value = spec.get(key, default)
        if isinstance(value, str) and clean(value).strip().isdigit():
            value = int(clean(value))
        if not isinstance(value, int) or isinstance(value, bool):
            self.problem(spec.line_of(key), f"{key}: expected a whole number, got {_kind(value)}")
            return default
        if minimum is not None and value < minimum:
            self.problem(spec.line_of(key), f"{key}: must be at least {minimum}")
            return default
        return value

    def boolean(self, spec: _Merged, key: str) -> bool:
        value = spec.get(key, False)
        if not isinstance(value, bool):
            self.problem(spec.line_of(key), f"{key}: expected true or false, got {_kind(value)}")
            return False
        return value

    def choice(self, spec: _Merged, key: str, options: tuple[str, ...], default: str) -> str:
        value = spec.get(key, default)
        if value not in options:
            self.problem(spec.line_of(key), f"{key}: {value!r} is not one of {_options(options)}{_hint(str(value), options)}")
            return default
        return value

    def strings(self, spec: _Merged, key: str) -> list[str]:
        value = spec.get(key)
        if value is None:
            return []
        items = [value] if isinstance(value, (str, int, float)) and not isinstance(value, bool) else value
        if not isinstance(items, list):
            self.problem(spec.line_of(key), f"{key}: expected a list of texts, got {_kind(value)}")
            return []
        out = []
        for i, item in enumerate(items):
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                item = str(item)
            if not isinstance(item, str) or not item.strip():
                line = items.line_of(i) if isinstance(items, LineList) else spec.line_of(key)
                said = f"{key}: item {i + 1} should be non-empty text, got {_kind(item)}"
                if isinstance(item, dict) and len(item) == 1:  # [قیمت: چند]: a ': ' made the item a key and value
                    (name, rest), = item.items()
                    said += (f": the ':' and space after {name!r} make YAML read it as a key. Fix: put the item in "
                             f"double quotes (\"{name}: {rest}\") or write it without ':'")  # fmt: skip
                self.problem(line, said)
                continue
            out.append(item)
        return out

    def keyword_list(self, spec: _Merged, key: str) -> tuple[str, ...]:
        folded = []
        for text in self.strings(spec, key):
            parts = [p.strip() for p in _LIST_COMMA.split(text) if p.strip()]
            dashed = [p.strip() for p in _DASHED_ITEMS.split(text) if p.strip()]
            if _DASHED_ITEMS.match(text) and len(dashed) > 1:  # «-قیمت» on its own line: no space after the dash
                self.problem(spec.line_of(key), f"{key}: {text!r} is ONE keyword: a list item needs a space after its "
                                                f"dash (- {dashed[0]}), and without it YAML reads the lines as one text. "
                                                f"Fix: write each keyword on its own line as - {dashed[0]}")  # fmt: skip
            elif len(parts) > 1:
                self.problem(spec.line_of(key), f"{key}: {text!r} is ONE keyword with commas in it, so it only matches a "
                                                f"message containing all of that text; write each keyword as its own item: "
                                                f"[{', '.join(parts)}] (in YAML a list uses the English comma «,»)")  # fmt: skip
            elif not fold(text):
                self.problem(spec.line_of(key), f"{key}: {text!r} has no letters or digits to match")
            else:
                folded.append(fold(text))
        return tuple(dict.fromkeys(folded))

    def gate_setting(self, doc: LineDict, key: str = "intent_gate") -> float | None:
        """``intent_gate`` or ``intent_route``: true (the default threshold), false (off) or a threshold in (0, 1]."""
        value = doc.get(key)
        if value is True:  # the gate's own default; the router's default bar
            return None if key == "intent_gate" else ROUTE_THRESHOLD
        if value is False:
            return 0.0
        if isinstance(value, (int, float)) and 0 < value <= 1:
            return float(value)
        self.problem(doc.line_of(key), f"{key}: expected true, false or a threshold above 0 and at most 1 (e.g. 0.4), got {value!r}")
        return None

    def fraction(self, doc: LineDict, key: str) -> float:
        value = doc.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
            self.problem(doc.line_of(key), f"{key}: expected a number above 0 and at most 1 (e.g. 0.6), got {value!r}")
            return RuleSet.example_threshold
        return float(value)

    def regexes(self, spec: _Merged, key: str = "regex") -> list[Any]:
        out = []
        for pattern in self.strings(spec, key):
            try:
                out.append(compile_pattern(canonical(pattern)))
            except RegexRefused as exc:
                self.problem(spec.line_of(key), f"{key} {pattern!r} {exc}")
        return out

    def duration(self, spec: _Merged, key: str) -> int:
        value = spec.get(key)
        if value is None:
            return 0
        found = _DURATION.match(clean(str(value))) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
        if not found:
            self.problem(spec.line_of(key), f"{key}: {value!r} is not a duration like 30s, 10m, 2h or 1d")
            return 0
        return int(found.group(1)) * _UNITS[found.group(2)]

    def windows(self, spec: _Merged) -> list[TimeWindow]:
        out = []
        for text in self.strings(spec, "hours"):
            found = _WINDOW.match(clean(text))
            parts = [int(g) for g in found.groups()] if found else []
            if not found or parts[0] > 24 or parts[2] > 24 or parts[1] > 59 or parts[3] > 59:
                self.problem(spec.line_of("hours"), f"hours: {text!r} is not a window like 09:00-21:00")
                continue
            out.append(TimeWindow(_clock(parts[0], parts[1]), _clock(parts[2], parts[3])))
        return out

    def days(self, spec: _Merged) -> list[int]:
        out = []
        for text in self.strings(spec, "days"):
            day = _DAY_ALIASES.get(fold(text).replace(" ", ""))  # «سه شنبه» = «سه‌شنبه»
            if day is None:
                self.problem(spec.line_of("days"), f"days: {text!r} is not a day; use sat, sun, mon, tue, wed, thu, fri or شنبه … جمعه")
                continue
            out.append(day)
        return out

    def buttons(self, spec: _Merged) -> list[Button]:
        value = spec.get("buttons")
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(spec.line_of("buttons"), "buttons: expected a list of {caption, url}")
            return []
        if len(value) > MAX_BUTTONS:
            self.problem(spec.line_of("buttons"), f"buttons: at most {MAX_BUTTONS} (Divar shows 3 rows of 3)")
        out = []
        for i, item in enumerate(value[:MAX_BUTTONS]):
            line = value.line_of(i) if isinstance(value, LineList) else spec.line_of("buttons")
            if not isinstance(item, LineDict):
                self.problem(line, f"buttons: item {i + 1} should be a mapping with caption and url")
                continue
            self.check_keys(item, BUTTON_KEYS, f"button {i + 1}")
            caption, url, icon = item.get("caption"), item.get("url"), item.get("icon", "")
            if not isinstance(caption, str) or not caption.strip():
                self.problem(line, f"buttons: item {i + 1} needs a 'caption' text")
            elif not isinstance(url, str) or not url.startswith("https://"):
                self.problem(line, f"buttons: item {i + 1} needs a 'url' starting with https://")
            elif icon and (not isinstance(icon, str) or icon not in ICON_NAMES):
                self.problem(line, f"buttons: item {i + 1}: icon {icon!r} is not one of Divar's icon names "
                                   "(DivarIconsIconName in Divar's OpenAPI file; e.g. INFO, CALL, PLACE)")  # fmt: skip
            else:
                out.append(Button(caption, url, str(icon or "")))
        return out


class _Merged:
    """A rule's own keys over its file's ``defaults:``, remembering where each came from."""

    def __init__(self, own: LineDict, defaults: LineDict) -> None:
        self.own, self.defaults, self.line = own, defaults, own.line

    def get(self, key: str, default: Any = None) -> Any:
        if key in self.own:
            return self.own[key]
        return self.defaults.get(key, default)

    def __contains__(self, key: str) -> bool:
        return key in self.own or key in self.defaults

    def line_of(self, key: str) -> int:
        if key in self.own:
            return self.own.line_of(key)
        return self.defaults.line_of(key) if key in self.defaults else self.own.line

    def text_line_of(self, key: str) -> int:
        if key in self.own:
            return self.own.text_line_of(key)
        return self.defaults.text_line_of(key) if key in self.defaults else self.own.line


_QUOTE_PAIRS = ("«»", "“”", "””", "„“", "‘’", "’’", "‹›")


def _wrapped(value: str) -> bool:
    """A value wrapped in typographic quotes: a Persian keyboard types «» for quoting."""
    value = value.strip()
    return len(value) > 2 and value[0] + value[-1] in _QUOTE_PAIRS


def _clock(hour: int, minute: int) -> time:
    return time.max if hour == 24 else time(hour, minute)


def _kind(value: Any) -> str:
    names: dict[type, str] = {LineDict: "a mapping", LineList: "a list", str: "text", bool: "true/false", int: "a number", float: "a number"}
    return "nothing" if value is None else names.get(type(value), type(value).__name__)


def _options(options: Any) -> str:
    return ", ".join(sorted(options))


def _hint(word: str, options: Any) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""

