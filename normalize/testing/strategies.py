"""Hypothesis strategies: realistic clean prose, the same prose with known damage, and
valid rule files.

``clean_texts`` builds sentences from a small grammar whose content words come from
wordfreq's frequency list (frequent, so every lexicon knows them), with names, numbers,
quotes and URLs. ``noisy_documents`` injects reversible damage into such text and yields
``(noisy, expected, injected)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from hypothesis import strategies as st

_NAMES = (
    "Israel Iran Azerbaijan Armenia Baku Tehran Reuters London Paris Berlin Washington Moscow "
    "Akhundov Saqqaiyan McDonald MacArthur Brown Smith Garcia Nakamura O'Brien"
).split()
_COMPOUNDS = "long-term state-run high-level cross-border well-known short-term".split()
_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_FUNCTION = {
    "det": ["the", "a", "this", "that", "its", "their"],
    "prep": ["in", "on", "with", "for", "from", "about", "after", "before", "during"],
    "aux": ["will", "would", "could", "may", "must", "should"],
    "verb": ["said", "told", "added", "reported", "announced", "confirmed", "expected"],
}


@lru_cache(maxsize=4)
def _content_words(lang: str) -> tuple[str, ...]:
    """Frequent alphabetic words of a language from wordfreq (no stopwords, 4+ letters)."""
    import wordfreq

    stop = set(wordfreq.top_n_list(lang, 150))
    words = [
        w
        for w in wordfreq.top_n_list(lang, 4000)
        if w.isalpha() and w.islower() and len(w) >= 4 and w not in stop
    ]
    return tuple(words[:2500])


@st.composite
def _sentence(draw: st.DrawFn, lang: str) -> str:
    words = _content_words(lang)
    w = st.sampled_from(words)
    f = {k: st.sampled_from(v) for k, v in _FUNCTION.items()}
    subject = f"{draw(f['det'])} {draw(w)}"
    if draw(st.booleans()):
        subject = f"{draw(f['det'])} {draw(st.sampled_from(_COMPOUNDS))} {draw(w)}"
    name = draw(st.sampled_from(_NAMES))
    kind = draw(st.integers(0, 5))
    if kind == 0:
        s = (
            f"{subject} {draw(f['verb'])} on {draw(st.sampled_from(_DAYS))} that {name} "
            f"{draw(f['aux'])} {draw(w)} {draw(f['det'])} {draw(w)}."
        )
    elif kind == 1:
        amount = draw(st.integers(1, 999))
        s = (
            f"{name} {draw(f['verb'])} ${amount}.{draw(st.integers(0, 9))} billion "
            f"{draw(f['prep'])} {draw(f['det'])} {draw(w)}."
        )
    elif kind == 2:
        s = (
            f"\u201c{draw(f['det']).capitalize()} {draw(w)} is {draw(w)},\u201d {name} "
            f"{draw(f['verb'])}."
        )
    elif kind == 3:
        s = (
            f"{subject} {draw(f['prep'])} {name} {draw(f['verb'])} {draw(st.integers(2, 99))} "
            f"{draw(w)} {draw(f['prep'])} {draw(st.integers(1990, 2030))}."
        )
    elif kind == 4:
        s = (
            f"More at https://www.example.com/{draw(w)} {draw(f['prep'])} {draw(f['det'])} "
            f"{draw(w)}."
        )
    else:
        s = f"{subject} {draw(f['aux'])} {draw(w)} {draw(f['prep'])} {name}\u2019s {draw(w)}."
    return s[0].upper() + s[1:]


@st.composite
def clean_texts(draw: st.DrawFn, lang: str = "en", max_paragraphs: int = 5) -> str:
    """Realistic correct prose: paragraphs of grammar-built sentences over a real lexicon."""
    # Unique sentences and paragraphs: a text that repeats itself is not clean text.
    paras = draw(
        st.lists(
            st.lists(_sentence(lang), min_size=1, max_size=5, unique=True),
            min_size=1,
            max_size=max_paragraphs,
            unique_by=lambda p: p[0],
        )
    )
    return "\n\n".join(" ".join(p) for p in paras) + "\n"


# ---------------------------------------------------------------- damage

DAMAGE_KINDS = (
    "merged",
    "digits",
    "boilerplate",
    "typo",
    "space",
    "mojibake",
    "escape",
    "hyphen",
)
_PERSIAN = str.maketrans(
    "0123456789", "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9"
)


@lru_cache(maxsize=1)
def _boilerplate_lines() -> tuple[str, ...]:
    """Whole-line phrases from the shipped phrase lists (several languages)."""
    import yaml

    from normalize.shipped import default_rules_dir

    out = []
    for f in sorted((default_rules_dir() / "data" / "boilerplate").glob("*.yaml")):
        data = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
        out.extend(str(p) for p in (data.get("phrases") or [])[:8] if len(str(p)) >= 6)
    return tuple(out)


@lru_cache(maxsize=1)
def _misspellings() -> dict[str, str]:
    """right -> wrong pairs from codespell's list (optional dependency), single answers."""
    try:
        from normalize.kinds.typo.fixer import load_codespell_misspellings

        table = load_codespell_misspellings()
    except Exception:  # noqa: BLE001 - without the extra there are no typo injections
        return {}
    out: dict[str, str] = {}
    for wrong, right in table.items():
        if right.isalpha() and right.islower() and len(right) >= 6 and wrong.isalpha():
            out.setdefault(right, wrong)
    return out


def _pick_match(pattern: str, text: str, rnd: Any) -> re.Match[str] | None:
    spots = list(re.finditer(pattern, text))
    return rnd.choice(spots) if spots else None


def _merge(text: str, rnd: Any) -> tuple[str, str] | None:
    m = _pick_match(r"(?<=[a-z]) (?=[A-Z][a-z]{3})", text, rnd)
    return (
        None if m is None else (text[: m.start()] + text[m.start() + 1 :], f"merged at {m.start()}")
    )


def _foreign_digits(text: str, rnd: Any) -> tuple[str, str] | None:
    m = _pick_match(r"\$\d+\.\d", text, rnd)
    if m is None:
        return None
    return text[: m.start()] + m.group().translate(_PERSIAN) + text[m.end() :], "digits"


def _add_boilerplate(text: str, rnd: Any) -> tuple[str, str] | None:
    lines = _boilerplate_lines()
    paras = text.split("\n\n")
    k = rnd.randint(0, len(paras))
    line = rnd.choice(lines)
    return "\n\n".join(paras[:k] + [line] + paras[k:]), f"boilerplate {line!r}"


def _misspell(text: str, rnd: Any) -> tuple[str, str] | None:
    table = _misspellings()
    spots = [m for m in re.finditer(r"\b[a-z]{6,}\b", text) if m.group() in table]
    if not spots:
        return None
    m = rnd.choice(spots)
    return text[: m.start()] + table[m.group()] + text[m.end() :], f"typo {m.group()}"


def _odd_space(text: str, rnd: Any) -> tuple[str, str] | None:
    m = _pick_match(" ", text, rnd)
    if m is None:
        return None
    i = m.start()
    return text[:i] + rnd.choice(["\u00a0", " \u200b"]) + text[i + 1 :], "space"


def _mojibake(text: str, rnd: Any) -> tuple[str, str] | None:
    m = _pick_match(r"[\u2019\u201c\u201d]", text, rnd)
    if m is None:
        return None
    import ftfy  # noqa: F401 - registers ftfy's "sloppy" codecs

    bad = m.group().encode("utf-8").decode("sloppy-windows-1252")
    return text[: m.start()] + bad + text[m.end() :], "mojibake"


def _escape(text: str, rnd: Any) -> tuple[str, str] | None:
    m = _pick_match(r"(?<!\\)\$", text, rnd)
    return None if m is None else (text[: m.start()] + "\\" + text[m.start() :], "escape")


def _hyphen_break(text: str, rnd: Any) -> tuple[str, str] | None:
    m = _pick_match(r"\b([a-z]+)-([a-z]+)\b", text, rnd)
    if m is None:
        return None
    return text[: m.start()] + f"{m.group(1)}-\n\n{m.group(2)}" + text[m.end() :], "hyphen"


_DAMAGES: dict[str, Callable[[str, Any], tuple[str, str] | None]] = {
    "merged": _merge,
    "digits": _foreign_digits,
    "boilerplate": _add_boilerplate,
    "typo": _misspell,
    "space": _odd_space,
    "mojibake": _mojibake,
    "escape": _escape,
    "hyphen": _hyphen_break,
}


def _damage(kind: str, text: str, rnd: Any) -> tuple[str, str] | None:
    """Apply one damage of ``kind`` somewhere in ``text``; None if there is no place."""
    if kind not in _DAMAGES:
        raise ValueError(f"unknown damage kind {kind!r}")
    return _DAMAGES[kind](text, rnd)


@st.composite
def noisy_documents(
    draw: st.DrawFn,
    lang: str = "en",
    kinds: tuple[str, ...] = DAMAGE_KINDS,
    weights: dict[str, float] | None = None,
    max_damage: int = 6,
) -> tuple[str, str, list[str]]:
    """``(noisy_text, expected_text, injected)``: clean prose with known, reversible damage.

    ``kinds`` switches damage types on; ``weights`` makes some more likely.
    """
    expected = draw(clean_texts(lang))
    rnd = draw(st.randoms(use_true_random=False))
    pool = [k for k in kinds for _ in range(max(1, int(10 * (weights or {}).get(k, 1.0))))]
    noisy = expected
    injected: list[str] = []
    for _ in range(draw(st.integers(1, max_damage))):
        done = _damage(rnd.choice(pool), noisy, rnd)
        if done is not None:
            noisy, what = done
            injected.append(what)
    return noisy, expected, injected


@st.composite
def noisy_texts(draw: st.DrawFn) -> str:
    """Just the noisy side of :func:`noisy_documents`, plus a little raw scraping noise."""
    noisy, _expected, _ = draw(noisy_documents())
    extra = [
        "\u00a0",
        "\u200b",
        "  ",
        "\\$",
        "\u2018",
        "\n\n\n\n",
        "\u00e2\u20ac\u2122",
        "\r\n",
        "\t \n",
        "\u06f1\u06f2\u066b\u06f5",
    ]
    for _ in range(draw(st.integers(0, 4))):
        i = draw(st.integers(0, len(noisy)))
        noisy = noisy[:i] + draw(st.sampled_from(extra)) + noisy[i:]
    return noisy


# ---------------------------------------------------------------- rule files

_SAFE_PATTERNS = (r"\bfoo\b", r"[0-9]+", r"(?i)colou?r", r"\s{3,}", r"x(?=y)", r"\p{Lu}{4,}")


def _value_for(prop: dict[str, Any], name: str) -> st.SearchStrategy[Any]:
    """A strategy for one JSON Schema property (the subset the rule schema uses)."""
    if "const" in prop:
        return st.just(prop["const"])
    if "enum" in prop:
        return st.sampled_from(prop["enum"])
    if "anyOf" in prop:
        options = [p for p in prop["anyOf"] if p.get("type") != "null"]
        return _value_for(options[0], name) if options else st.none()
    t = prop.get("type")
    if t == "boolean":
        return st.booleans()
    if t == "integer":
        return st.integers(prop.get("minimum", -5), prop.get("maximum", 5))
    if t == "number":
        return st.floats(0.05, 2.0)
    if t == "string":
        return st.text("abcdefghij ", min_size=1, max_size=12)
    if t == "array":
        items = prop.get("items", {})
        if items.get("enum"):
            return st.lists(st.sampled_from(items["enum"]), max_size=2, unique=True)
        return st.lists(st.text("abcdefgh", min_size=1, max_size=8), max_size=3)
    return st.nothing()


@st.composite
def _rule(draw: st.DrawFn, kind_schema: dict[str, Any], rule_id: str) -> dict[str, Any]:
    props = kind_schema.get("properties", {})
    kind = props["kind"]["const"]
    rule: dict[str, Any] = {"id": rule_id, "kind": kind}
    # the keys each kind needs, with values that compile
    if kind == "regex":
        rule["pattern"] = draw(st.sampled_from(_SAFE_PATTERNS))
        rule["replace"] = draw(st.text("xyz ", max_size=3))
    elif kind == "char_map":
        rule["map"] = {
            draw(st.sampled_from("\u00a0\u2009\u200b#")): draw(st.sampled_from(["", " "]))
        }
    elif kind == "drop_line":
        rule["phrases"] = draw(
            st.lists(st.text("abcdef ", min_size=3, max_size=10), min_size=1, max_size=3)
        )
    elif kind == "function":
        rule["function"] = draw(st.sampled_from(["nfc", "fix_mojibake"]))
    for key in ("priority", "enabled", "description"):
        if key in props and draw(st.booleans()):
            rule[key] = draw(_value_for(props[key], key))
    return rule


@st.composite
def rule_sets(
    draw: st.DrawFn, kinds: tuple[str, ...] = ("regex", "char_map", "drop_line", "function")
) -> dict[str, Any]:
    """A valid rule file as data, built from the published JSON Schema of each kind."""
    from normalize.loader import json_schema

    branches = json_schema()["properties"]["rules"]["items"]["oneOf"]
    by_kind = {b["properties"]["kind"]["const"]: b for b in branches}
    n = draw(st.integers(1, 4))
    rules = [draw(_rule(by_kind[draw(st.sampled_from(kinds))], f"r{i}")) for i in range(n)]
    return {"pass": draw(st.sampled_from(["custom", "team-rules"])), "rules": rules}


@st.composite
def rule_files(draw: st.DrawFn, **kwargs: Any) -> str:
    """:func:`rule_sets` as YAML text, ready to write to a file."""
    import yaml

    return yaml.safe_dump(draw(rule_sets(**kwargs)), allow_unicode=True, sort_keys=False)


def pipelines() -> st.SearchStrategy[Any]:
    """Pipelines over the default rules with some passes switched off."""
    from normalize.engine import Pipeline, cached_pipeline
    from normalize.loader import load_rules
    from normalize.shipped import default_rules_dir

    names = [p.name for p in load_rules(default_rules_dir())]
    return (
        st.lists(st.sampled_from(names), max_size=3, unique=True)
        .map(
            lambda off: (
                cached_pipeline(None, None, tuple(sorted(off)) or None, None)
                if off
                else cached_pipeline()
            )
        )
        .filter(lambda p: isinstance(p, Pipeline))
    )


def results() -> st.SearchStrategy[Any]:
    """Results of cleaning noisy text with the default pipeline."""
    from normalize.engine import cached_pipeline

    return noisy_texts().map(lambda t: cached_pipeline().clean(t))
