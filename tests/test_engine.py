import pickle

import pytest

import normalize
from normalize import Pipeline, apply_changes
from normalize.errors import ReplayError

RULES = """pass: demo
rules:
  - id: a
    kind: regex
    pattern: 'abc'
    replace: 'X'
    examples: [{in: abc, out: X}]
  - id: b
    kind: regex
    pattern: 'bcd'
    replace: 'Y'
    priority: 5
    examples: [{in: bcd, out: Y}]
"""


def test_conflicts_are_reported_not_dropped(tmp_path):
    f = tmp_path / "demo.yaml"
    f.write_text(RULES)
    pipe = Pipeline(f)
    r = pipe.clean("abcd")
    # b wins on priority; a loses and is reported, then finds nothing more to do.
    assert r.text == "aY"
    assert [(c.rule, c.winner_rule) for c in r.conflicts] == [("a", "b")]
    assert r.stats["conflicts"] == 1


def test_change_offsets_map_to_original():
    text = "a\u00a0\u00a0b  Israel\u2018s \\$\u06f1.\u06f6"
    r = normalize.clean(text)
    assert r.text == "a b Israel\u2019s $1.6"
    for c in r.changes:
        assert 0 <= c.orig_start <= c.orig_end <= len(text)
        if c.exact:
            assert text[c.orig_start : c.orig_end] == c.before
    assert apply_changes(text, r.changes) == r.text
    assert apply_changes(text, [c.to_dict() for c in r.changes]) == r.text


def test_orig_offsets_compose_across_passes():
    # The NBSP is replaced in `unicode`, then the double space it made collapses in `spacing`:
    # the second change must point at the original NBSP and space.
    text = "x\u00a0 y"
    r = normalize.clean(text)
    last = r.changes[-1]
    assert (last.pass_name, last.orig_start, last.orig_end) == ("spacing", 1, 3)
    assert not last.exact  # the original held an NBSP there, not two spaces


def test_replay_rejects_a_log_for_other_text():
    r = normalize.clean("a  b")
    with pytest.raises(ReplayError):
        apply_changes("xyzw", r.changes)


def test_pipeline_pickles_and_selects_passes():
    pipe = Pipeline(only=["spacing"])
    clone = pickle.loads(pickle.dumps(pipe))
    assert clone.pass_names == ["spacing"]
    assert clone.clean("a\u00a0\u00a0b").text == "a\u00a0\u00a0b"
    assert Pipeline(disable=["spacing"]).clean("a  b").text == "a  b"
    with pytest.raises(ValueError):
        Pipeline(only=["nope"])


def test_clean_many_keeps_order_and_ids():
    out = list(Pipeline().clean_many([("d1", "a  b"), ("d2", "c")]))
    assert [(r.doc, r.text) for r in out] == [("d1", "a b"), ("d2", "c")]


def test_catastrophic_user_regex_times_out_and_loses_nothing(tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text(
        "pass: bad\nrules:\n  - id: slow\n    kind: regex\n    pattern: '(\\w|\\w\\w)+\\d'\n"
        "    replace: x\n    timeout: 0.05\n    examples: [{in: b, out: b}]\n"
    )
    text = "x" * 40 + "!"
    r = Pipeline(f).clean(text)
    assert r.text == text
    assert r.warnings and "timed out" in r.warnings[0]


def test_large_single_line_document_is_linear_enough():
    import time

    text = ("word  " * 200_000) + "\u00a0end"
    t = time.perf_counter()
    r = normalize.clean(text, only=["unicode", "spacing"])
    assert time.perf_counter() - t < 60
    assert apply_changes(text, r.changes) == r.text


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from normalize.context import DocContext  # noqa: E402
from normalize.testing.strategies import noisy_texts  # noqa: E402

HINTED = [
    r for p in Pipeline().passes for r in p.rules if r.spec.requires or r.spec.requires_non_ascii
]


@given(st.one_of(noisy_texts(), st.text(st.characters(codec="utf-8"), max_size=200)))
def test_fast_path_hints_never_hide_an_edit(text):
    for rule in HINTED:
        skipped = (rule.spec.requires_non_ascii and text.isascii()) or (
            rule.spec.requires and not any(s in text for s in rule.spec.requires)
        )
        if skipped:
            edits = [
                e
                for e in rule.find(text, DocContext(text))
                if text[e.start : e.end] != e.replacement
            ]
            assert edits == [], rule.id


def test_disabled_rule_can_be_enabled():
    assert Pipeline().clean("**The** Times").text == "**The** Times"
    pipe = Pipeline(enable=["emphasis"])
    assert pipe.clean("**The** Times").text == "The Times"
    assert pickle.loads(pickle.dumps(pipe)).clean("**a**").text == "a"
    with pytest.raises(ValueError):
        Pipeline(enable=["no-such-rule"])


def test_native_digits_can_be_kept_in_arabic_text(tmp_path):
    f = tmp_path / "d.yaml"
    f.write_text(
        "pass: digits\nrules:\n  - id: d\n    kind: regex\n"
        "    pattern: '\\p{Nd}+'\n    transform: ascii_digits\n"
        "    params: {keep_in_arabic_text: true}\n"
    )
    pipe = Pipeline(f)
    arabic = "\u0642\u062a\u0644 \u0661\u0662 \u0634\u062e\u0635\u0627"
    assert pipe.clean(arabic).text == arabic
    assert pipe.clean("killed \u0661\u0662 people").text == "killed 12 people"


def test_an_opaque_step_on_a_long_line_is_logged_as_small_edits():
    # ftfy repairs four spots of one 60,000-character line: the diff works over tokens,
    # so the log holds four small replacements, and replaying it gives the output.
    from normalize import apply_changes

    line = ("plain words here " * 1200).join(["caf\u00c3\u00a9 "] * 4)
    r = Pipeline(only=["unicode"]).clean(line)
    assert r.text == line.replace("caf\u00c3\u00a9", "caf\u00e9")
    fixes = [c for c in r.changes if c.rule == "fix-mojibake"]
    assert [c.after for c in fixes] == ["\u00e9"] * 4
    assert apply_changes(line, r.changes) == r.text


def test_an_edit_at_a_deletion_gap_maps_to_the_original(tmp_path):
    # Step 1 deletes "XX"; step 2 inserts at the gap it left. The insertion's original
    # offsets must fall at that gap (1 or 3, never inside the deleted text), and the log
    # must replay.
    (tmp_path / "pipeline.yaml").write_text(
        "passes:\n  - {name: one, file: one.yaml}\n  - {name: two, file: two.yaml}\n"
    )
    (tmp_path / "one.yaml").write_text(
        "pass: one\nrules:\n  - {id: cut, kind: regex, pattern: 'XX', replace: ''}\n"
    )
    (tmp_path / "two.yaml").write_text(
        "pass: two\nrules:\n  - {id: dash, kind: regex, pattern: '(?<=a)(?=b)', replace: '-'}\n"
    )
    text = "aXXb"
    r = normalize.Pipeline(tmp_path).clean(text)
    assert r.text == "a-b"
    insert = r.changes[-1]
    assert (insert.before, insert.after) == ("", "-")
    assert insert.orig_start == insert.orig_end and insert.orig_start in (1, 3)
    assert apply_changes(text, r.changes) == r.text
