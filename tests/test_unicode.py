"""The fix_mojibake fast path never disagrees with ftfy itself."""

import ftfy
from hypothesis import given
from hypothesis import strategies as st

from normalize.functions import fix_mojibake, ftfy_config


@given(st.text(st.characters(max_codepoint=0x7F)))
def test_fast_path_matches_ftfy_on_ascii(text):
    assert fix_mojibake(text) == ftfy.fix_text(text, ftfy_config())


@given(st.text(st.characters(codec="utf-8")))
def test_fix_mojibake_matches_ftfy(text):
    assert fix_mojibake(text) == ftfy.fix_text(text, ftfy_config())


def test_seed_mojibake_and_terminal_escape():
    assert fix_mojibake("Iran\u00e2\u20ac\u2122s") == "Iran\u2019s"
    assert fix_mojibake("\x1b[31mred\x1b[0m") == "red"


def test_quotes_and_width_are_not_touched():
    text = "\u201cquoted\u201d \uff21 \ufb01"
    assert fix_mojibake(text) == text


#: Characters mojibake is made of, and what ftfy's patterns look at around them.
_MOJIBAKE_ALPHABET = (
    "ÃÂâ€™œŒžŸ©®°±²³µ·¹º»¼½¾¿ÀÁÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ"
    "\u00a0\u0080\u0081\u009d\u201a\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039"
    "\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u017e"
    "ÐÑ\u0400\u0410\u0430\u0451ΑΩαω\ufffd abcXYZ019 .,;:!?\n\t'\"-"
)


@given(st.text(st.sampled_from(_MOJIBAKE_ALPHABET), max_size=40))
def test_shortcut_is_exact_on_mojibake_like_text(text):
    assert fix_mojibake(text) == ftfy.fix_text(text, ftfy_config())


@given(st.lists(st.sampled_from(["Ã ", "Â ", "Ã©", "â€™", "cafÃ©", "ok", "\n", " "]), max_size=12))
def test_shortcut_is_exact_at_line_starts(parts):
    text = "".join(parts)
    assert fix_mojibake(text) == ftfy.fix_text(text, ftfy_config())


# Characters ftfy's mojibake patterns are made of, ASCII around them, and line breaks.
_MOJIBAKE_PARTS = st.text(
    st.sampled_from(list("aZ .,!\n\t€œŒšÃÂÎÐ\xa0©°»–—´×²ØÙàâ‚ÄéÉВГРСЂβΒΓāć中😀\x1b\x85")),
    max_size=40,
)


@given(_MOJIBAKE_PARTS)
def test_the_ftfy_shortcut_is_exact(text):
    # Where the shortcut says ftfy would leave the text alone, ftfy does; and fixing only
    # the lines ftfy would change gives ftfy's answer on the whole text.
    from normalize.functions import ftfy_would_change

    whole = ftfy.fix_text(text, ftfy_config())
    if not ftfy_would_change(text):
        assert whole == text
    assert fix_mojibake(text) == whole


def test_a_pattern_that_ends_on_the_line_break_counts():
    # ftfy's segment is the line with its break, and "œ" before anything but a letter is bad.
    from normalize.functions import ftfy_would_change

    assert ftfy_would_change("C\u0153\nabc")


def test_the_char_map_precheck_holds_exactly_the_class():
    # The standard-library class that lets a text without these characters skip the regex
    # module must hold every code point the rule's class holds, and no other.
    from normalize import Pipeline

    rules = [r for p in Pipeline().passes for r in p.rules if getattr(r, "any_rx", None)]
    assert rules
    for rule in rules:
        for cp in range(0x110000):
            c = chr(cp)
            assert (rule.any_rx.match(c) is not None) == (rule.rx.match(c) is not None), (
                rule.id,
                hex(cp),
            )
