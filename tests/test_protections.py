"""Do no harm: document kinds choose the passes, protected regions refuse edits, boilerplate
needs evidence, and digits follow the script around them. Every input is written here."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalize import Pipeline, apply_changes
from normalize.content import detect_content
from normalize.kinds.typo.fixer import TypoFixer
from normalize.protect import protected_regions

PIPE = Pipeline()

MARKDOWN = """# Install the tool

Run the installer with `pip install normalize`, then check it:

```bash
normalize  clean  --only unicode,spacing   notes.txt
echo \\$HOME
```

| option   | meaning          |
|----------|------------------|
| `--only` | run these passes |
| `--kind` | force the kind   |

- first item
  - nested item,with a comma
- second item

1. step one
2. step two

See <https://example.org/docs> for more.
"""

PYTHON = '''"""A small module."""

import os


def join_paths(base_dir, name):
    """Return base_dir/name  (two spaces kept)."""
    return os.path.join(base_dir, name)  # fromIsrael stays


class FastAPIThing:
    value = "it\\"s"
'''

CSV = """id,name,capital,population
1,Armenia,Yerevan,2963900
2,Azerbaijan,Baku,10139177
3,Israel,Jerusalem,9364000
4,Iran,Tehran,85028759
"""

QA = """Where can I buy a good used bike in town?

yep

Try the shop on Main Street, they have a few every week.

thanks!

No problem :)
"""


def test_kinds_are_detected() -> None:
    assert detect_content(MARKDOWN) == "markdown"
    assert detect_content(PYTHON) == "code"
    assert detect_content(CSV) == "data"
    assert detect_content(QA) == "prose"


@pytest.mark.parametrize("text", [PYTHON, CSV], ids=["python", "csv"])
def test_code_and_data_come_out_byte_for_byte(text: str) -> None:
    result = PIPE.clean(text)
    assert result.text == text
    assert result.changes == []


def test_markdown_structure_is_kept() -> None:
    result = PIPE.clean(MARKDOWN)
    assert result.kind == "markdown"
    assert result.text == MARKDOWN


def test_markdown_regions_are_protected_in_prose_too() -> None:
    # Forced to prose, the spacing and markup passes run, but the fence, the table, the
    # inline code and the list structure are protected regions.
    result = Pipeline(kind="prose").clean(MARKDOWN)
    out = result.text
    assert "normalize  clean  --only unicode,spacing   notes.txt" in out
    assert "echo \\$HOME" in out
    assert "| `--only` | run these passes |" in out
    assert "  - nested item" in out
    assert apply_changes(MARKDOWN, result.changes) == out
    assert result.stats.get("refused", 0) >= 1
    assert any(k.winner_rule.startswith("protected:") for k in result.refused)


def test_region_types() -> None:
    text = "Use `x_y` in src/utils.py, mail a@b.org, commit f6a50f0, or call os.path.join(a)."
    types = {t for _, _, t in protected_regions(text)}
    assert {"code-inline", "path", "email", "hash", "identifier"} <= types


def test_persian_digits_stay_in_persian_and_go_in_english() -> None:
    persian = "این جشن را در ۱۲ ربیع‌الاول برگزار می‌کنند و ۱۷ ربیع‌الاول را جشن می‌گیرند."
    assert PIPE.clean(persian).text == persian
    english = "Israel confirmed $۱.۶ billion in deals with Azerbaijan on Sunday."
    assert (
        PIPE.clean(english).text
        == "Israel confirmed $1.6 billion in deals with Azerbaijan on Sunday."
    )


def test_short_answers_in_a_thread_stay() -> None:
    assert PIPE.clean(QA).text == QA


def test_boilerplate_still_goes_with_evidence() -> None:
    page = (
        "Related Articles\n\n-Advertisement-\n\nMust read\n\n"
        "The minister said on Monday that the talks with the neighbouring country would go "
        "on for at least another week, and that he was hopeful about the result.\n"
    )
    out = PIPE.clean(page).text
    assert out.startswith("The minister said")


def test_kind_is_in_the_result_and_forced_kind_wins() -> None:
    assert PIPE.clean("Plain words in a sentence here.").kind == "prose"
    assert Pipeline(kind="code").clean("a  b").text == "a  b"
    with pytest.raises(ValueError, match="unknown kind"):
        Pipeline(kind="poetry")


def test_german_lines_inside_an_english_document_are_left_alone() -> None:
    text = (
        "The committee met on Monday and agreed that the new rules would take effect soon.\n\n"
        "Sie sagte, es gebe nichts zu verbergen.\n\n"
        "Officials said the report would be published in full next month, after a review.\n\n"
        "Er sagte nichts, aber deine Mutter war da.\n\n"
        "The minister added that the talks with the neighbour would go on for another week.\n"
    )
    # The English typo fixer alone, reading the document as English, would change them.
    assert {text[s:e] for s, e, *_ in TypoFixer().find(text)} >= {"nichts"}
    assert PIPE.clean(text).text == text
    # ... while English lines of the same document are still repaired.
    fixed = PIPE.clean(text.replace("published", "pubilshed")).text
    assert fixed == text


def test_digits_newer_than_the_unicode_tables_pass_through() -> None:
    # U+1E4F0 is a digit to the regex module and not yet to this Python's unicodedata.
    assert PIPE.clean("count \U0001e4f0 here").text == "count \U0001e4f0 here"


def test_an_e_mail_sign_off_stays() -> None:
    mail = (
        "Hi Sam,\n\nThanks for the notes. I have attached the revised budget; can you check "
        "the totals in column F before Friday?\n\nCheers,\nPriya\n\n--\nPriya Raman, Finance\n"
    )
    assert PIPE.clean(mail).text == mail


_SPAN_TEXT = st.text(st.sampled_from(list("ab_.@/:-( )\n`wxyz1.comhtps")), max_size=80)


@given(_SPAN_TEXT, st.integers(0, 80), st.integers(0, 5))
def test_line_spans_answer_as_the_whole_text_spans(text, start, width):
    # The regex kind looks spans up line by line; the answer must be the whole text's.
    from normalize.protect import PROTECT_PATTERNS, LineSpans, inside, protected_spans

    kinds = tuple(PROTECT_PATTERNS)
    start = min(start, len(text))
    end = min(start + width, len(text))
    whole = protected_spans(text, kinds)
    assert LineSpans(text, kinds).touches(start, end) == inside(whole, start, end)


@given(
    st.text(st.sampled_from(list("ab_.@/:-( )\n`|#*1x.comwhtps\t")), max_size=200),
    st.lists(st.tuples(st.integers(0, 200), st.integers(0, 4)), min_size=1, max_size=40),
)
def test_the_lazy_guard_answers_as_all_regions_would(text, queries):
    # Line by line at first, then the whole text at once: the same answers as an index
    # of every region found up front.
    from normalize.protect import REGION_TYPES, Guard, RegionIndex

    types = frozenset(REGION_TYPES)
    guard, index = Guard(text), RegionIndex(protected_regions(text))
    for start, width in queries:
        start = min(start, len(text))
        end = min(start + width, len(text))
        assert (guard.hit(start, end, types) is None) == (index.hit(start, end) is None)
