"""The pipeline: ordered passes, each a set of rules that see the same input.

Inside one pass step every enabled rule proposes edits on the same text. Overlaps are settled
by one fixed policy (higher ``priority`` first, then file order, then leftmost, then longest);
losing edits are returned as :class:`~normalize.types.Conflict` records, never dropped silently.
A pass repeats until it proposes nothing more (at most ``max_iterations`` steps), which makes
each pass idempotent. Every applied edit becomes a :class:`~normalize.types.Change` whose
original offsets are composed through the span maps of all earlier steps.

>>> r = Pipeline().clean("Israel‘s  deal")
>>> r.text
'Israel’s deal'
>>> [(c.rule, c.before, c.after) for c in r.changes]
[('apostrophe', '‘', '’'), ('collapse-spaces', '  ', ' ')]
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from normalize.content import CONTENT_KINDS
from normalize.context import DocContext
from normalize.loader import LoadedPass, load_rules
from normalize.protect import Guard
from normalize.shipped import default_rules_dir
from normalize.spans import LineIndex, SpanMap, apply_edits, map_to_original, overlaps
from normalize.types import Change, Conflict, Edit, Result

try:  # the regex module raises the builtin TimeoutError; keep both for older releases
    from regex import TimeoutError as RegexTimeout  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    RegexTimeout = TimeoutError  # type: ignore[misc,assignment]


#: Full passes over a document at most (see ``recheck`` in pipeline.yaml).
MAX_ROUNDS = 3
#: Times a document's kind may change as it is cleaned (each gives it MAX_ROUNDS more).
MAX_KIND_CHANGES = 2
#: A rule that timed out on this many documents is skipped for the rest of the run (in this
#: process), instead of costing its full time-out on every document that follows.
MAX_RULE_TIMEOUTS = 3


def settle(edits: Sequence[Edit]) -> tuple[list[Edit], list[tuple[Edit, Edit]]]:
    """Pick non-overlapping edits by the fixed policy; return winners (sorted by position)
    and ``(loser, winner)`` pairs.

    >>> a, b = Edit(0, 4, "x", rule="a"), Edit(2, 6, "y", rule="b", priority=1)
    >>> w, lost = settle([a, b])
    >>> [e.rule for e in w], [(l.rule, v.rule) for l, v in lost]
    (['b'], [('a', 'b')])
    """
    if _sorted_and_disjoint(edits):
        return list(edits), []  # the usual case: one rule, or rules that do not meet
    ranked = sorted(edits, key=lambda e: (-e.priority, e.order, e.start, -(e.end - e.start)))
    starts: list[int] = []
    accepted: list[Edit] = []
    lost: list[tuple[Edit, Edit]] = []
    for e in ranked:
        # Accepted edits never overlap, so their ends grow with their starts: only the
        # neighbours from the one before e.start up to those starting at e.end can touch e.
        i = bisect_left(starts, e.start)
        winner = None
        j = max(0, i - 1)
        while j < len(accepted) and accepted[j].start <= e.end:
            o = accepted[j]
            if overlaps(e.start, e.end, o.start, o.end):
                winner = o
                break
            j += 1
        if winner is not None:
            lost.append((e, winner))
            continue
        starts.insert(i, e.start)
        accepted.insert(i, e)
    accepted.sort(key=lambda e: (e.start, e.end))
    return accepted, lost


def _sorted_and_disjoint(edits: Sequence[Edit]) -> bool:
    """True when edits are in position order and no two overlap (then all of them win)."""
    prev: Edit | None = None
    for e in edits:
        if prev is not None and (
            e.start < prev.end
            or (e.start == prev.start and (e.start == e.end or prev.start == prev.end))
        ):
            return False
        prev = e
    return True


class Pipeline:
    """Compiled passes, built once and reused; picklable (it rebuilds from its sources).

    A recheck round skips a pass whose input is the very text on which it last found
    nothing (``targeted_recheck``; off, every pass runs in every round, with the same
    result: a property test compares the two).

    ``rules`` is a rule file or folder replacing the defaults; ``only``/``disable`` select
    passes by name; ``enable`` turns on rules that are off by default (``pass/rule`` or a
    rule id); ``lang`` forces the document language instead of guessing it; ``kind`` forces
    the document kind (``prose``, ``markdown``, ``code``, ``data``, ``wrapped``) instead of
    detecting it.

    >>> Pipeline(only=["markup"], enable=["markup/emphasis"]).clean("**The** Times").text
    'The Times'
    """

    targeted_recheck: bool = True

    def __init__(
        self,
        rules: str | Path | None = None,
        *,
        only: Iterable[str] | None = None,
        disable: Iterable[str] | None = None,
        lang: str | None = None,
        enable: Iterable[str] | None = None,
        kind: str | None = None,
    ) -> None:
        if kind is not None and kind not in CONTENT_KINDS:
            raise ValueError(f"unknown kind {kind!r}; kinds are: {', '.join(CONTENT_KINDS)}")
        self.kind = kind
        self.rules_path = str(rules) if rules is not None else None
        self.only = tuple(only) if only else None
        self.disable = tuple(disable) if disable else ()
        self.lang = lang
        self.enable = tuple(enable) if enable else ()
        all_passes = _load_cached(self.rules_path or str(default_rules_dir()))
        if self.enable:
            all_passes = _with_enabled(all_passes, self.enable)
        names = {p.name for p in all_passes}
        for n in (self.only or ()) + self.disable:
            if n not in names:
                raise ValueError(f"unknown pass {n!r}; passes are: {', '.join(sorted(names))}")
        self.passes: list[LoadedPass] = [
            p
            for p in all_passes
            if (self.only is None or p.name in self.only) and p.name not in self.disable
        ]
        #: rule id -> documents on which it timed out (the circuit breaker's count).
        self.timeouts: Counter[str] = Counter()
        #: Kinds under which every rule that acts on any kind acts (prose, with the shipped
        #: rules): a text settled under one is settled under every kind.
        self.widest_kinds = widest_kinds(self.passes)

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild,
            (self.rules_path, self.only, self.disable, self.lang, self.enable, self.kind),
        )

    @property
    def pass_names(self) -> list[str]:
        return [p.name for p in self.passes]

    def warm(self) -> Pipeline:
        """Load now what the rules would load on first use (lexicons, indexes), so that
        worker processes forked afterwards share it instead of each building it.

        >>> Pipeline(only=["spacing"]).warm().pass_names
        ['spacing']
        """
        from normalize import langid

        rules = [rule for p in self.passes for rule in p.rules]
        if any(rule.spec.lang for rule in rules):
            langid.prepare()
        for rule in rules:
            # The forced language, else the rule's first: the others load on first use,
            # so that start-up does not pay for every language a rule knows.
            langs = rule.spec.lang or []
            lang = self.lang if self.lang in langs or not langs else langs[0]
            if lang:
                rule.warm(lang)
        return self

    def prepare_batch(
        self, texts: Sequence[str], sites: Sequence[str | None] | None = None
    ) -> dict[str, Any]:
        """Cross-document statistics of rules that want them (one first pass over a batch);
        ``sites``, one per text (``None`` for a text without one), for per-site statistics.

        >>> pipe = Pipeline(only=["boilerplate"])
        >>> batch = pipe.prepare_batch(["Menu\\nA."] * 4, ["a.org"] * 4)
        >>> batch["drop-boilerplate"].site_pages
        Counter({'a.org': 4})
        """
        if sites is not None and len(sites) != len(texts):
            raise ValueError(f"{len(sites)} sites for {len(texts)} texts")
        batch: dict[str, Any] = {}
        for p in self.passes:
            for rule in p.rules:
                state = (
                    rule.prepare_batch(texts) if sites is None else rule.prepare_batch(texts, sites)
                )
                if state is not None:
                    batch[rule.id] = state
        return batch

    def clean(
        self,
        text: str,
        *,
        doc_id: str | None = None,
        batch: dict[str, Any] | None = None,
        site: str | None = None,
    ) -> Result:
        """Clean one document and explain every edit; ``site`` is its site, for the batch
        statistics kept per site (see :meth:`prepare_batch`)."""
        if not isinstance(text, str):
            raise TypeError(f"expected str, got {type(text).__name__}")
        ctx = DocContext(
            text,
            doc_id=doc_id,
            forced_lang=self.lang,
            forced_content=self.kind,
            batch=batch or {},
            site=site,
        )
        run = _DocRun(text, ctx, self.timeouts)
        rounds = MAX_ROUNDS
        kind_changes = 0
        while rounds > 0:
            rounds -= 1
            recheck = False
            unsettled = False  # a pass used all its iterations and may not be at a fixpoint
            for p in self.passes:
                if self.targeted_recheck and run.quiet_on.get(p.name) is run.cur:
                    continue  # it found nothing on this very text before, and would again
                for _ in range(p.max_iterations):
                    proposed = run.propose(p)
                    if not proposed:
                        run.quiet_on[p.name] = run.cur
                        break
                    run.apply(p, proposed)
                    recheck = recheck or p.recheck
                else:
                    unsettled = True
            # Another round when a pass used all its iterations without settling, or when a
            # recheck pass changed the text and earlier passes may act again (a lone pass
            # that settled has nothing earlier to wake).
            if not unsettled and (not recheck or len(self.passes) == 1):
                # Settled; but the cleaned text may be of another kind than the original
                # (whose passes differ): then another round under that kind, so that the
                # output is a fixed point under its own kind and cleaning it changes nothing.
                # A new kind starts a fresh budget of rounds (a few times at most).
                if (
                    kind_changes == MAX_KIND_CHANGES
                    or not run.changes
                    or ctx.content in self.widest_kinds
                    or not ctx.redetect_content(run.cur)
                ):
                    break
                kind_changes += 1
                rounds = MAX_ROUNDS
                run.quiet_on.clear()
            run.stats["rounds"] += 1
        return run.result()

    def clean_many(
        self,
        docs: Iterable[str | tuple[str | None, str] | tuple[str | None, str, str | None]],
        *,
        batch: dict[str, Any] | None = None,
    ) -> Iterator[Result]:
        """Clean documents lazily, in order. Items are texts, ``(doc_id, text)`` pairs or
        ``(doc_id, text, site)`` triples.

        >>> [r.text for r in Pipeline().clean_many(["a  b", ("d2", "c\\u00a0d", "a.org")])]
        ['a b', 'c d']
        """
        for i, item in enumerate(docs):
            if isinstance(item, tuple):
                doc_id, text, site = item[0], item[1], item[2] if len(item) > 2 else None
            else:
                doc_id, text, site = str(i), item, None
            yield self.clean(text, doc_id=doc_id, batch=batch, site=site)


class _DocRun:
    """The state of one document going through the passes: current text, the span maps of
    every step so far, and the log."""

    def __init__(self, text: str, ctx: DocContext, timeouts: Counter[str] | None = None) -> None:
        self.original = text
        self.timeouts: Counter[str] = timeouts if timeouts is not None else Counter()
        self.cur = text
        self.ctx = ctx
        self.maps: list[SpanMap] = []
        self.changes: list[Change] = []
        self.conflicts: list[Conflict] = []
        self.warnings: list[str] = []
        self.stats: Counter[str] = Counter(docs=1)
        self.refused: list[Conflict] = []
        self._refused_keys: set[tuple[Any, ...]] = set()
        self._lines: LineIndex | None = None
        self._guard: Guard | None = None
        self._first_guard: Guard | None = None
        #: pass name -> the text on which it last proposed nothing: a pass is a function of
        #: the current text (and of the batch), so on that text it has nothing to do again.
        self.quiet_on: dict[str, str] = {}

    def guard(self) -> Guard:
        """The protected regions of the current text (found as edits need them)."""
        if self._guard is None or self._guard.text is not self.cur:
            self._guard = Guard(self.cur)
            if self._first_guard is None:
                self._first_guard = self._guard
        return self._guard

    def propose(self, p: LoadedPass) -> list[Edit]:
        """Every applicable rule's edits on the current text (no-op edits dropped), less
        those that touch a protected region (listed in ``refused``)."""
        cur, ctx = self.cur, self.ctx
        content = ctx.content
        if content not in p.content and not any(content in r.content for r in p.rules):
            return []
        ctx.current = cur
        is_ascii = cur.isascii()
        proposed: list[Edit] = []
        for order, rule in enumerate(p.rules):
            if content not in rule.content or not rule.gate(cur, is_ascii):
                continue
            langs = rule.spec.lang
            if langs is not None and not rule.checks_language and ctx.lang not in langs:
                continue
            if self.timeouts[rule.id] >= MAX_RULE_TIMEOUTS:
                self.warnings.append(
                    f"{p.name}/{rule.id}: skipped after timing out on {MAX_RULE_TIMEOUTS} documents"
                )
                self.stats["rule_timeouts"] += 1
                continue
            try:
                found = list(rule.find(cur, ctx))
            except (TimeoutError, RegexTimeout):
                self.timeouts[rule.id] += 1
                self.warnings.append(f"{p.name}/{rule.id}: timed out; rule skipped")
                self.stats["rule_timeouts"] += 1
                continue
            if not found:
                continue
            if langs is not None:
                # Word rules act only on lines identified as their language (a German line
                # inside an English document is left alone).
                found = [e for e in found if ctx.lang_at(cur, e[0]) in langs]
            rid, prio = rule.id, rule.spec.priority
            for e in found:
                start, end, repl = e[0], e[1], e[2]
                if cur[start:end] != repl:
                    proposed.append(Edit(start, end, repl, rid, e[4], e[5], prio, order))
        if proposed and p.protected:
            proposed = self._unprotected(p, proposed)
        return proposed

    def _unprotected(self, p: LoadedPass, proposed: list[Edit]) -> list[Edit]:
        guard = self.guard()
        if not guard.blocks and not guard.finders:
            return proposed
        kept = []
        for e in proposed:
            hit = guard.hit(e.start, e.end, p.protected)
            if hit is None:
                kept.append(e)
                continue
            # A pass that repeats proposes the same refused edit again: count it once.
            key = (p.name, e.rule, *map_to_original(self.maps, e.start, e.end), e.replacement)
            if key in self._refused_keys:
                continue
            self._refused_keys.add(key)
            self.stats[f"refused.{hit}"] += 1
            self.refused.append(
                Conflict(
                    self.ctx.doc_id, p.name, len(self.maps), e.rule, e.start, e.end,
                    e.replacement, f"protected:{hit}", e.start, e.end,
                )
            )  # fmt: skip
        return kept

    def apply(self, p: LoadedPass, proposed: list[Edit]) -> None:
        """Settle overlaps, log winners with original offsets, and advance one step."""
        step = len(self.maps)
        winners, lost = settle(proposed)
        doc_id = self.ctx.doc_id
        for loser, w in lost:
            self.conflicts.append(
                Conflict(
                    doc_id,
                    p.name,
                    step,
                    loser.rule,
                    loser.start,
                    loser.end,
                    loser.replacement,
                    w.rule,
                    w.start,
                    w.end,
                )
            )
        if self._lines is None:
            self._lines = LineIndex(self.original)
        stats = self.stats
        for e in winners:
            os_, oe = map_to_original(self.maps, e.start, e.end)
            before = self.cur[e.start : e.end]
            line, col = self._lines.line_col(os_)
            self.changes.append(
                Change(
                    doc_id,
                    len(self.changes),
                    step,
                    p.name,
                    e.rule,
                    e.action,
                    before,
                    e.replacement,
                    e.start,
                    e.end,
                    os_,
                    oe,
                    line,
                    col,
                    self.original[os_:oe] == before,
                    e.reason,
                    e.score,
                )
            )
            stats[f"pass.{p.name}"] += 1
            stats[f"rule.{p.name}.{e.rule}"] += 1
        self.cur, m = apply_edits(self.cur, [(e.start, e.end, e.replacement) for e in winners])
        self.maps.append(m)

    def result(self) -> Result:
        self.stats["changes"] = len(self.changes)
        self.stats["conflicts"] = len(self.conflicts)
        self.stats[f"kind.{self.ctx.content}"] = 1
        if self._first_guard is not None:  # on the first text they guarded, where looked at
            for r in self._first_guard.found():
                self.stats[f"protected.{r.type}"] += 1
        if self.refused:
            self.stats["refused"] = len(self.refused)
        if self.changes:
            self.stats["docs_changed"] = 1
        return Result(
            self.cur,
            self.changes,
            dict(self.stats),
            self.conflicts,
            self.warnings,
            self.ctx.doc_id,
            kind=self.ctx.content,
            refused=self.refused,
        )


def widest_kinds(passes: list[LoadedPass]) -> frozenset[str]:
    """The document kinds under which every rule of ``passes`` that acts on some kind acts.

    The last round of a clean proposed nothing, so a text settled under such a kind is
    settled under any other (whose rules are fewer): detecting its kind again is needless.

    >>> sorted(widest_kinds(Pipeline().passes))
    ['prose']
    """
    active = {
        k: {(p.name, r.id) for p in passes for r in p.rules if k in r.content}
        for k in CONTENT_KINDS
    }
    union = set().union(*active.values())
    return frozenset(k for k, rules in active.items() if rules == union)


@lru_cache(maxsize=16)
def _load_cached(path: str) -> list[LoadedPass]:
    return load_rules(path)


def _rebuild(
    rules: str | None,
    only: Any,
    disable: Any,
    lang: str | None,
    enable: Any = (),
    kind: str | None = None,
) -> Pipeline:
    return Pipeline(rules, only=only, disable=disable, lang=lang, enable=enable, kind=kind)


def _with_enabled(passes: list[LoadedPass], enable: tuple[str, ...]) -> list[LoadedPass]:
    """Copies of the passes with the named disabled rules switched on, in file order."""
    import dataclasses

    wanted = set(enable)
    found: set[str] = set()
    out = []
    for p in passes:
        on = [r for r in p.disabled if r.id in wanted or f"{p.name}/{r.id}" in wanted]
        found.update(r.id for r in on)
        found.update(f"{p.name}/{r.id}" for r in on)
        if on:
            order = {id(r): i for i, r in enumerate(p.all_in_order)}
            rules = sorted(p.rules + on, key=lambda r: order[id(r)])
            p = dataclasses.replace(p, rules=rules)
        out.append(p)
    missing = wanted - found
    if missing:
        raise ValueError(f"no disabled rule named {', '.join(sorted(missing))}")
    return out


@lru_cache(maxsize=32)
def cached_pipeline(
    rules: str | None = None,
    only: tuple[str, ...] | None = None,
    disable: tuple[str, ...] | None = None,
    lang: str | None = None,
    enable: tuple[str, ...] = (),
    kind: str | None = None,
) -> Pipeline:
    """One pipeline per configuration and process (the per-worker cache)."""
    return Pipeline(rules, only=only, disable=disable, lang=lang, enable=enable, kind=kind)


def apply_changes(original: str, changes: Iterable[Change | dict[str, Any]]) -> str:
    """Replay a change log on the original text; raises ReplayError when it does not fit.

    Records are grouped by ``step`` and each step is applied to the text the step saw.

    >>> r = Pipeline().clean("a\\u00a0 b")
    >>> apply_changes("a\\u00a0 b", r.changes) == r.text
    True
    """
    from normalize.errors import ReplayError

    recs = [c if isinstance(c, Change) else Change.from_dict(c) for c in changes]
    recs = [c for c in recs if c.action != "note"]
    recs.sort(key=lambda c: (c.step, c.start, c.end))
    text = original
    i = 0
    while i < len(recs):
        step = recs[i].step
        group = []
        while i < len(recs) and recs[i].step == step:
            group.append(recs[i])
            i += 1
        for c in group:
            if text[c.start : c.end] != c.before:
                raise ReplayError(
                    f"change {c.seq} ({c.pass_name}/{c.rule}) expects {c.before!r} at "
                    f"{c.start}:{c.end}, found {text[c.start : c.end]!r}"
                )
        try:
            text, _ = apply_edits(text, [(c.start, c.end, c.after) for c in group])
        except ValueError as e:
            raise ReplayError(str(e)) from None
    return text
