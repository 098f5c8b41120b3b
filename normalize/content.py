"""What a document is: prose, Markdown, source code, data, or hard-wrapped text.

The kind decides which passes may touch a document (each pass lists its kinds in its YAML
file under ``content``): code and data get only the repairs that are safe anywhere, such as
mojibake and no-break spaces. Detection reads at most the first :data:`SAMPLE_CHARS`
characters, so its cost is bounded and the kind of a document does not depend on its length.

The detector is a handful of line-shape counts, checked by parsers where one exists
(``json`` and ``csv`` from the standard library, PyYAML's C loader):

>>> detect_content("The minister said on Monday that the talks would go on.")
'prose'
>>> detect_content('{"name": "x", "version": "1.0"}')
'data'
>>> detect_content("import os\\n\\n\\ndef main():\\n    return os.getcwd()\\n")
'code'
>>> detect_content("# Title\\n\\nSome text.\\n\\n```python\\nprint(1)\\n```\\n")
'markdown'
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from itertools import repeat
from operator import contains
from typing import Literal

#: The closed set of document kinds.
ContentKind = Literal["prose", "markdown", "code", "data", "wrapped"]
CONTENT_KINDS: tuple[str, ...] = ("prose", "markdown", "code", "data", "wrapped")

#: Detection reads this much of a document at most.
SAMPLE_CHARS = 64_000
#: ... and this many of its non-blank lines at most.
SAMPLE_LINES = 400

_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+\S")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_HEADING_ATTR = re.compile(r"^ {0,3}#{1,6}[ \t].*\{[ \t]*#[\w-]+[ \t]*\}[ \t]*$")
_LIST = re.compile(r"^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+\S")
_TABLE_SEP = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*$")
_TABLE_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$")
_MD_LINK = re.compile(r"\[[^\]\n]+\]\([^)\s]+\)")
_INLINE_CODE = re.compile(r"`[^`\n]+`")
_ADMONITION = re.compile(r"^(?:!!!|\?\?\?|///|:::)[ \t]*\w")
_HTML_DOC = re.compile(r"^\s*(?:<\?xml|<!DOCTYPE|<html|<svg|<\?php)", re.IGNORECASE)
# Lower-case tag names: wire copy writes tickers as <VHBG.F>.
_TAG_LINE = re.compile(r"^[ \t]*</?[a-z][a-z0-9:-]*(?:\s[^<>]*)?/?>")
_YAML_KEY = re.compile(r"^[ \t]*(?:- )?[\w$./\"'-][\w $./\"'-]*:(?:[ \t]|$)")
_CODE_START = re.compile(
    r"^[ \t]*(?:import |from \S+ import |def |class |async def |return\b|if \(|if .*:$|elif |"
    r"else\b|for \(|for .* in .*:$|while |try:|except\b|finally:|with .*:$|raise |yield |"
    r"#include|#define|#if|#endif|#pragma|function\b|const |let |var |export |module\.|"
    r"require\(|public |private |static |void |int |char |struct |typedef |enum |switch |"
    r"case .*:|break;|continue;|@\w|//|/\*|\*/|\}|\{|\)|\]|<\?|set\(|add_|"
    r"package |func |fn |pub |impl |use [\w:]+|mod \w|type \w+ |interface |namespace |"
    r"using [\w.]+;|#!/|\[[\w.\-]+\]$|end$|local \w|<\?php|"
    r"(?:SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|FROM|WHERE|JOIN) |"
    r"echo |cd |fi$|then$|done$|do$|esac|\$\(|[A-Z_]{2,}\s*[:+?]?=|"
    r"\t\S|[\w-]*[./][\w./%-]*:(?: |$)|[\w-]+:$)"  # Makefile recipes and targets
)
_CODE_END = re.compile(r"(?:[;{}(\[,]|\)|=>|:|\\)[ \t]*(?://.*|#.*)?$")
_ASSIGN = re.compile(r"^[ \t]*[A-Za-z_$@][\w.\[\]'\"]*[ \t]*(?:[-+*/|&.]?=|:=|<-)[ \t]*\S")
#: A line that starts like code or like an assignment (the two patterns, tried in turn).
_CODE_LINE_START = re.compile(f"(?:{_CODE_START.pattern})|(?:{_ASSIGN.pattern})")
_SYMBOLS = re.compile(r"[{}()\[\];=<>$\\|&]")
_WORDS = re.compile(r"[^\W\d_]{2,}")
_ALIGNED = re.compile(r"\S {3,}\S")
_SENTENCE_END = re.compile(r"[.!?…。！？؟।\"”»)'’:]\s*$")


def detect_content(text: str) -> ContentKind:
    """The kind of ``text``: ``prose``, ``markdown``, ``code``, ``data`` or ``wrapped``.

    >>> detect_content("a,b,c\\n1,2,3\\n4,5,6\\n7,8,9\\n")
    'data'
    >>> detect_content("name: ci\\non:\\n  push:\\n    branches: [main]\\njobs:\\n  test: {}\\n")
    'data'
    """
    sample = text[:SAMPLE_CHARS]
    lines = [ln for ln in sample.split("\n", SAMPLE_LINES * 4)[: SAMPLE_LINES * 4]]
    body = [ln.rstrip("\r") for ln in lines if ln.strip()][:SAMPLE_LINES]
    if not body:
        return "prose"
    if _is_json(sample, body) or _is_delimited(body) or _is_yaml(sample, body):
        return "data"
    if _HTML_DOC.match(sample) or (len(body) >= 3 and _tag_share(body) >= 0.5):
        return "code"
    if _markdown_score(body) >= 3:
        # List items and headings look like comments and bullets of code: judge the rest.
        rest = [
            _INLINE_CODE.sub("x", _MD_LINK.sub("x", ln))
            for ln in _outside_fences(body)
            if not _markdown_structure(ln)
        ]
        return "code" if rest and _mostly_code(rest, 0.6) else "markdown"
    if len(body) >= 3 and _mostly_code(body, 0.5):
        return "code"
    if _is_wrapped(body):
        return "wrapped"
    return "prose"


def _markdown_structure(line: str) -> bool:
    """A list item, heading, admonition or table line."""
    return any(rx.match(line) for rx in (_LIST, _HEADING, _ADMONITION, _TABLE_ROW, _TABLE_SEP))


def _is_json(sample: str, body: list[str]) -> bool:
    head = sample.lstrip()[:1]
    if head in ("{", "["):
        try:
            json.loads(sample)
            return True
        except ValueError:
            pass
    # JSON Lines: every line an object or array.
    if len(body) >= 2 and all(ln.lstrip()[:1] in ("{", "[") for ln in body):
        try:
            for ln in body[:50]:
                json.loads(ln)
            return True
        except ValueError:
            return False
    return False


def _is_delimited(body: list[str]) -> bool:
    """CSV/TSV: a delimiter that cuts almost every line into the same number of fields."""
    if len(body) < 3:
        return False
    rows = body[:200]
    sample_text = "\n".join(rows)
    for delim in ("\t", ",", ";", "|"):
        if delim not in sample_text or sum(map(contains, rows, repeat(delim))) < 0.9 * len(rows):
            continue
        try:
            counts = Counter(len(r) for r in csv.reader(rows, delimiter=delim))
        except csv.Error:
            continue
        width, n = counts.most_common(1)[0]
        if width < 2 or n < 0.9 * len(rows):
            continue
        # Prose with one comma per line has two "fields" of many words each.
        if width == 2 and delim in (",", ";"):
            continue
        if delim in (",", ";") and width < 4 and _prose_share(rows) > 0.3:
            continue
        if delim in (",", ";") and _median_field_words(rows, delim) >= 6:
            continue  # paragraphs that happen to have as many commas: fields are clauses
        return True
    return False


def _is_yaml(sample: str, body: list[str]) -> bool:
    """YAML: key and item lines dominate, the first is a key, and the whole parses to a
    mapping (a prose paragraph of two lines does not)."""
    content = [ln for ln in body if not ln.lstrip().startswith("#")]
    if len(content) < 2 or not _YAML_KEY.match(content[0]):
        return False
    keys = sum(1 for ln in content if _YAML_KEY.match(ln))
    items = sum(1 for ln in content if ln.lstrip().startswith("- "))
    if keys + items < 0.6 * len(content) or keys < 2 and items < 2:
        return False
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(sample, Loader=loader)
    except yaml.YAMLError:
        return False
    return isinstance(data, dict) and len(data) >= 1


def _tag_share(body: list[str]) -> float:
    return sum(1 for ln in body if _TAG_LINE.match(ln)) / len(body)


_MD_FIRST = frozenset("`~#=-|:*+!?/0123456789")


def _markdown_score(body: list[str]) -> int:
    """Evidence of Markdown structure: fences and tables are strong, the rest add up."""
    fences = headings = lists = tables = links = inline = admon = attrs = 0
    prev = ""
    for ln in body:
        # Every structure below starts with one of these characters: most lines of prose
        # need no pattern at all.
        if ln.lstrip()[:1] not in _MD_FIRST:
            if "[" in ln:
                links += len(_MD_LINK.findall(ln))
            if "`" in ln:
                inline += len(_INLINE_CODE.findall(ln))
            prev = ln
            continue
        if _HEADING_ATTR.match(ln):
            attrs += 1
        if _FENCE.match(ln):
            fences += 1
        elif _HEADING.match(ln) or (_SETEXT.match(ln) and prev.strip() and len(ln.strip()) >= 3):
            headings += 1
        elif _TABLE_SEP.match(ln):
            tables += 1
        elif _LIST.match(ln):
            lists += 1
        elif _ADMONITION.match(ln):
            admon += 1
        links += len(_MD_LINK.findall(ln))
        inline += len(_INLINE_CODE.findall(ln))
        prev = ln
    score = 0
    score += 3 * min(fences // 2, 1) + 3 * min(tables, 1) + 2 * min(admon, 1) + 3 * min(attrs, 1)
    score += (headings >= 2) + (headings >= 4)
    score += (lists >= 3) + (lists >= 8)
    score += (links >= 2) + (links >= 5)
    score += (inline >= 2) + (inline >= 5)
    return score


def _outside_fences(body: list[str]) -> list[str]:
    """The lines of ``body`` that are not inside fenced code blocks (nor fences)."""
    out, fenced = [], False
    for ln in body:
        if _FENCE.match(ln):
            fenced = not fenced
        elif not fenced:
            out.append(ln)
    return out


def _mostly_code(body: list[str], share: float) -> bool:
    """Whether at least ``share`` of the lines are shaped like program text rather than
    sentences; it stops reading as soon as the answer is known either way."""
    need = share * len(body)
    code = 0
    for seen, ln in enumerate(body):
        if code >= need:
            return True
        if code + len(body) - seen < need:
            return False
        if _CODE_LINE_START.match(ln):
            code += 1
            continue
        stripped = ln.strip()
        symbols = len(_SYMBOLS.findall(stripped))
        ends_like_code = _CODE_END.search(stripped) is not None
        if not ends_like_code and symbols < 3:
            continue  # neither test below can pass: the words need not be counted
        # Scripts without spaces (Chinese, Japanese) count a word per few characters.
        words = max(len(_WORDS.findall(stripped)), len(stripped) // 8)
        if ends_like_code and (words <= 4 or symbols >= 2 and symbols * 4 >= words):
            code += 1
        elif symbols >= 3 and symbols * 4 >= words:
            code += 1
    return code >= need


def _median_field_words(rows: list[str], delim: str) -> float:
    """The median number of words in a field: a few in a table, a clause in prose.

    >>> _median_field_words(["a,b,c", "1,2,3"], ",")
    1
    """
    sizes = sorted(len(field.split()) for row in csv.reader(rows, delimiter=delim) for field in row)
    return sizes[len(sizes) // 2] if sizes else 0


def _prose_share(lines: list[str]) -> float:
    """Share of lines that read as sentences: several words, few symbols."""
    prose = 0
    for ln in lines:
        words = len(_WORDS.findall(ln))
        if words >= 6 and len(_SYMBOLS.findall(ln)) * 6 < words:
            prose += 1
    return prose / len(lines)


def _is_wrapped(body: list[str]) -> bool:
    """Hard-wrapped, verse or column layout: lines cut at a width, indented or aligned.

    A line "continues" when it is long, does not end a sentence and the next line carries on;
    prose written one paragraph per line has almost none.
    """
    if len(body) < 5:
        return False
    lengths = [len(ln) for ln in body]
    longest = max(lengths)
    if longest > 100 and sum(n > 100 for n in lengths) > 0.05 * len(body):
        return False
    n = len(body)
    aligned = sum(1 for ln in body if "   " in ln and _ALIGNED.search(ln))
    continuing = sum(map(_continues, body))
    if continuing >= 0.3 * n or _indented(body) >= 0.3 * n or aligned >= 0.2 * n:
        return True
    return longest <= 80 and n >= 8 and sum(k < 60 for k in lengths) >= 0.7 * n


def _continues(line: str) -> bool:
    """A long line that does not end a sentence or a hyphenated word."""
    return len(line) >= 40 and not _SENTENCE_END.search(line) and line[-1:] != "-"


def _indented(body: list[str]) -> int:
    """Indented lines that are not list items (a rendered page indents its menus), or 0 if
    one of them is a paragraph on one line (a rendered page indents those too; verse does
    not)."""
    lines = [
        ln for ln in body if (ln[:2] in ("  ", "\t ") or ln[:1] == "\t") and not _LIST.match(ln)
    ]
    return 0 if any(len(ln) > 100 for ln in lines) else len(lines)
