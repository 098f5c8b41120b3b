"""Language identifiers that ship their model in the wheel: accuracy on short lines, and speed.

    python bench/langid.py ../shared/bench/harm/harm.jsonl.gz [--json out.json] [--rounds 3]

Candidates: py3langid (0.4.x, naive Bayes over byte n-grams, numpy) and lingua-language-detector
(2.x, Rust n-gram models). Each is measured over all of its languages and restricted to the 16
bench languages plus nl sv da nb fi cs ro hu ca (25 in all); lingua also with preloaded models
and in low-accuracy mode.

Test items come from the records of kind "prose*" and layout "sent" (one sentence a line):

  p20 / p40 / p80  prefixes of a line cut at the last space at or before 20 / 40 / 80 characters
                   (a hard cut at the limit when there is no space in the second half, as in
                   Chinese and Japanese); only lines longer than the limit give one
  sent             each non-blank line
  pair             two consecutive lines joined by a newline (lines 1+2, 3+4, ...)
  doc              (speed only) the whole record

An item is right when the top-1 language code equals the record's ``lang`` (lingua's IsoCode639_1
names lowercased; py3langid's "no" is nb). None / no answer counts as wrong. Confidence: py3langid
``classify`` on an identifier with ``norm_probs=True``, lingua's top
``compute_language_confidence_values``; the abstention table gives, per threshold, the share of
items abstained and the accuracy of the items kept.

Speed is process CPU time (time.process_time), every system timed in alternating rounds in this
one process (medians); ftfy.fix_text on the same documents is the yardstick. Start-up (import,
build, first call) and peak RSS are measured in a fresh subprocess per configuration. The data is
only measured, never copied: the JSON holds figures and the script's own probe strings only.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

BENCH_LANGS = "en de fr es it pt ru pl tr ar hi zh ja uk fa hy".split()
EXTRA_LANGS = "nl sv da nb fi cs ro hu ca".split()
RESTRICTED = BENCH_LANGS + EXTRA_LANGS
PREFIX_LENGTHS = (20, 40, 80)
BUCKETS = ("p20", "p40", "p80", "sent", "pair")
THRESHOLDS = (0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99)
ABSTAIN_BUCKETS = ("p20", "p40", "p80", "sent")
#: Bench code -> py3langid label, where they differ.
TO_PY3LANGID = {"nb": "no"}
FROM_PY3LANGID = {v: k for k, v in TO_PY3LANGID.items()}
#: Our own probe strings (not from the evaluation data).
PROBES = {
    "german sentence": "Der Zug nach München hatte heute Morgen wieder zwanzig Minuten Verspätung.",
    "english, 3 words": "see you tomorrow",
    "single word": "receive",
    "mixed de+en": "Der Bericht kommt morgen früh. The report is due tomorrow morning.",
    "digits only": "12345 678",
}
#: The first call of the start-up measurement.
FIRST_TEXT = "This is the first sentence the identifier sees."

Detect = Callable[[str], str | None]
Scored = Callable[[str], tuple[str | None, float]]


@dataclass(frozen=True)
class Item:
    lang: str
    bucket: str
    text: str


@dataclass
class System:
    name: str
    package: str
    detect: Detect  # plain top-1 API (accuracy, speed)
    scored: Scored | None  # top-1 with a confidence in [0, 1] (abstention)
    raw: Callable[[str], object]  # what the speed loop calls: the library call itself
    raw_scored: Callable[[str], object] | None
    note: str
    handle: object = None  # lingua's LanguageDetector, for its batch and multi-language calls


# --------------------------------------------------------------------------- data


def load_records(path: str) -> list[tuple[str, list[str], str]]:
    """(lang, non-blank lines, whole text) of the prose records laid out one sentence a line."""
    opener = gzip.open if path.endswith(".gz") else open
    out = []
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if not r["kind"].startswith("prose") or r["layout"] != "sent":
                continue
            if r["lang"] not in BENCH_LANGS:
                continue
            lines = [ln.strip() for ln in r["text"].splitlines() if ln.strip()]
            out.append((r["lang"], lines, r["text"]))
    return out


def prefix(line: str, n: int) -> str | None:
    """``line`` cut to about ``n`` characters at a word boundary; None if it is not longer."""
    if len(line) <= n:
        return None
    if line[n].isspace():
        return line[:n].rstrip()
    cut = line.rfind(" ", 0, n)
    if cut >= n // 2:
        return line[:cut].rstrip()
    return line[:n]  # no space in the second half (zh, ja): a hard cut


def build_items(records: Iterable[tuple[str, list[str], str]]) -> list[Item]:
    items = []
    for lang, lines, _ in records:
        for ln in lines:
            for n in PREFIX_LENGTHS:
                p = prefix(ln, n)
                if p:
                    items.append(Item(lang, f"p{n}", p))
            items.append(Item(lang, "sent", ln))
        for i in range(0, len(lines) - 1, 2):
            items.append(Item(lang, "pair", lines[i] + "\n" + lines[i + 1]))
    return items


# --------------------------------------------------------------------------- systems


def make_py3langid(restricted: bool, confidence: bool = True) -> System:
    """py3langid's default model; ``confidence`` adds a second, norm_probs=True identifier."""
    import py3langid
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    langs = [TO_PY3LANGID.get(c, c) for c in RESTRICTED] if restricted else None
    if langs:
        plain = LanguageIdentifier.from_model_file(MODEL_FILE)
        plain.set_languages(langs)
        classify = plain.classify
    else:
        classify = py3langid.classify  # the module-level default: lazy model, all languages

    def detect(text: str) -> str | None:
        lang = classify(text)[0]
        return FROM_PY3LANGID.get(lang, lang)

    nclassify = None
    scored = None
    if confidence:
        norm = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        if langs:
            norm.set_languages(langs)
        nclassify = norm.classify

        def scored(text: str) -> tuple[str | None, float]:
            lang, conf = norm.classify(text)
            return FROM_PY3LANGID.get(lang, lang), conf

    return System(
        f"py3langid-{25 if restricted else 140}",
        "py3langid",
        detect,
        scored,
        classify,
        nclassify,
        "classify(); confidence from norm_probs=True"
        + ("; set_languages(25)" if restricted else "; default model, all languages"),
    )


def make_lingua(
    restricted: bool, preload: bool = False, low: bool = False, confidence: bool = True
) -> System:
    """lingua over all its languages or the 25; ``confidence`` changes nothing (same detector)."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    if restricted:
        builder = LanguageDetectorBuilder.from_iso_codes_639_1(
            *(getattr(IsoCode639_1, c.upper()) for c in RESTRICTED)
        )
    else:
        builder = LanguageDetectorBuilder.from_all_languages()
    if preload:
        builder = builder.with_preloaded_language_models()
    if low:
        builder = builder.with_low_accuracy_mode()
    det = builder.build()
    detect_of = det.detect_language_of
    confidences = det.compute_language_confidence_values

    def detect(text: str) -> str | None:
        lang = detect_of(text)
        return None if lang is None else lang.iso_code_639_1.name.lower()

    def scored(text: str) -> tuple[str | None, float]:
        values = confidences(text)
        if not values or values[0].value <= 0.0:
            return None, 0.0
        return values[0].language.iso_code_639_1.name.lower(), values[0].value

    n = 25 if restricted else 75
    name = f"lingua-{n}" + ("-preload" if preload else "") + ("-low" if low else "")
    how = "preloaded" if preload else "lazy models"
    return System(
        name,
        "lingua-language-detector",
        detect,
        scored,
        detect_of,
        confidences,
        f"detect_language_of(); {how}" + ("; low-accuracy mode" if low else ""),
        det,
    )


def make_normalize_baseline() -> System | None:
    """The project's own stopword guess, if it is importable (opt-in, for comparison only)."""
    try:
        from normalize.lexicon import detect_language, prepare_language_guess
    except ImportError:
        return None
    prepare_language_guess()

    def scored(text: str) -> tuple[str | None, float]:
        lang = detect_language(text)
        return lang, 0.0 if lang is None else 1.0  # it abstains by itself: any threshold > 0

    return System(
        "normalize.lexicon",
        "normalize",
        detect_language,
        scored,
        detect_language,
        None,
        "in-house stopword guess (abstains with None); 20 languages, no zh ja hi hy",
    )


#: name -> (builder, kwargs). The names are what --only and the start-up subprocess take.
CONFIGS: dict[str, tuple[Callable[..., System], dict[str, bool]]] = {
    "py3langid": (make_py3langid, {"restricted": False}),
    "py3langid-25": (make_py3langid, {"restricted": True}),
    "lingua": (make_lingua, {"restricted": False}),
    "lingua-25": (make_lingua, {"restricted": True}),
    "lingua-preload": (make_lingua, {"restricted": False, "preload": True}),
    "lingua-low": (make_lingua, {"restricted": False, "low": True}),
    "lingua-25-low": (make_lingua, {"restricted": True, "low": True}),
}


# --------------------------------------------------------------------------- measures


def maxrss_mb() -> float:
    """Peak RSS of this process in MB: VmHWM from /proc, else getrusage's ru_maxrss.

    VmHWM is preferred because ru_maxrss survives exec: a child spawned by a large parent
    reports the parent's peak (the start-up children are run before anything is loaded anyway).
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def accuracy(system: System, items: Sequence[Item]) -> dict[str, object]:
    right: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    wrong: dict[str, Counter[str]] = defaultdict(Counter)
    scored_rows: list[tuple[str, bool, float]] = []  # bucket, right, confidence
    agree = 0
    for it in items:
        got = system.detect(it.text)
        total[it.bucket, it.lang] += 1
        if got == it.lang:
            right[it.bucket, it.lang] += 1
        else:
            wrong[it.lang][str(got)] += 1
        if system.scored is not None:
            slang, conf = system.scored(it.text)
            agree += slang == got
            scored_rows.append((it.bucket, slang == it.lang, conf))

    def pct(keys: Iterable[tuple[str, str]]) -> float | None:
        keys = list(keys)
        n = sum(total[k] for k in keys)
        return round(100 * sum(right[k] for k in keys) / n, 1) if n else None

    by_bucket = {b: pct(k for k in total if k[0] == b) for b in BUCKETS}
    by_bucket["all"] = pct(total)
    by_lang_bucket = {
        lang: {b: pct([(b, lang)]) for b in BUCKETS}
        | {"all": pct(k for k in total if k[1] == lang)}
        for lang in BENCH_LANGS
    }
    out: dict[str, object] = {
        "by_bucket": by_bucket,
        "by_lang": by_lang_bucket,
        "n": {b: sum(v for k, v in total.items() if k[0] == b) for b in BUCKETS},
        "confusions": {lang: dict(c.most_common(3)) for lang, c in wrong.items()},
    }
    if scored_rows:
        out["scored_agrees_with_detect"] = round(100 * agree / len(items), 2)
        out["abstain"] = abstention(scored_rows)
        out["confidence_median"] = {
            f"{b}/{'right' if ok else 'wrong'}": round(
                statistics.median(c for bb, r, c in scored_rows if bb == b and r == ok), 3
            )
            for b in ABSTAIN_BUCKETS
            for ok in (True, False)
            if any(bb == b and r == ok for bb, r, _ in scored_rows)
        }
    return out


def abstention(rows: Sequence[tuple[str, bool, float]]) -> dict[str, dict[str, list[float]]]:
    """bucket -> threshold -> [abstained %, accuracy % of the kept, kept-and-wrong % of all]."""
    out: dict[str, dict[str, list[float]]] = {}
    for b in ABSTAIN_BUCKETS:
        sub = [(ok, c) for bb, ok, c in rows if bb == b]
        if not sub:
            continue
        out[b] = {}
        for t in THRESHOLDS:
            kept = [ok for ok, c in sub if c >= t] if t > 0 else [ok for ok, _ in sub]
            share = 100 * (1 - len(kept) / len(sub))
            acc = 100 * sum(kept) / len(kept) if kept else float("nan")
            wrong_kept = 100 * (len(kept) - sum(kept)) / len(sub)
            out[b][str(t)] = [round(share, 1), round(acc, 1), round(wrong_kept, 1)]
    return out


def cpu_time(fn: Callable[[str], object], texts: Sequence[str]) -> float:
    t = time.process_time()
    for s in texts:
        fn(s)
    return time.process_time() - t


def speed(
    systems: Sequence[System], texts: dict[str, Sequence[str]], rounds: int
) -> dict[str, dict[str, float]]:
    """Median CPU time per call over alternating rounds; ftfy.fix_text as the yardstick.

    ``texts`` maps a bucket name (p20, p80, sent, doc) to its texts; the confidence call is timed
    on the sentences only.
    """
    calls: dict[str, tuple[Callable[[str], object], Sequence[str]]] = {}
    for s in systems:
        for bucket, group in texts.items():
            calls[f"{s.name}|{bucket}"] = (s.raw, group)
        if s.raw_scored is not None:
            calls[f"{s.name}|sent+conf"] = (s.raw_scored, texts["sent"])
    try:
        import ftfy

        calls["ftfy.fix_text|sent"] = (ftfy.fix_text, texts["sent"])
        calls["ftfy.fix_text|doc"] = (ftfy.fix_text, texts["doc"])
    except ImportError:
        pass
    for fn, texts in calls.values():  # warm every lazy cache outside the timing
        fn(texts[0])
    times: dict[str, list[float]] = {k: [] for k in calls}
    for _ in range(rounds):
        for key, (fn, texts) in calls.items():
            times[key].append(cpu_time(fn, texts))
    out: dict[str, dict[str, float]] = {}
    for key, ts in times.items():
        name, what = key.split("|")
        n = len(calls[key][1])
        chars = sum(len(t) for t in calls[key][1])
        med = statistics.median(ts)
        out.setdefault(name, {})
        out[name][f"{what}_us_per_call"] = round(1e6 * med / n, 1)
        out[name][f"{what}_per_s"] = round(n / med)
        out[name][f"{what}_us_per_1k_chars"] = round(1e9 * med / chars, 1)
    return out


def lingua_parallel(system: System, sents: Sequence[str]) -> dict[str, float] | None:
    """lingua's batch call on all sentences: CPU and wall time (it may use both cores)."""
    det = system.handle
    if det is None:
        return None
    det.detect_languages_in_parallel_of(list(sents[:50]))
    c, w = time.process_time(), time.perf_counter()
    det.detect_languages_in_parallel_of(list(sents))
    c, w = time.process_time() - c, time.perf_counter() - w
    return {"cpu_us_per_line": round(1e6 * c / len(sents), 1), "wall_per_s": round(len(sents) / w)}


def startup_child(config: str, data: str | None) -> dict[str, float]:
    """Run in a fresh interpreter: import + build + first call, then RSS after the sentences."""
    rss0 = maxrss_mb()
    w, c = time.perf_counter(), time.process_time()
    builder, kwargs = CONFIGS[config]
    system = builder(**kwargs, confidence=False)  # what a caller of the plain top-1 loads
    t_build = time.perf_counter() - w
    system.detect(FIRST_TEXT)
    out = {
        "build_s": round(t_build, 3),
        "import_and_first_call_s": round(time.perf_counter() - w, 3),
        "import_and_first_call_cpu_s": round(time.process_time() - c, 3),
        "rss_before_mb": round(rss0),
        "rss_after_first_call_mb": round(maxrss_mb()),
        "ru_maxrss_after_first_call_mb": round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        ),
    }
    if data:
        for _, lines, _ in load_records(data):
            for ln in lines:
                system.detect(ln)
        out["rss_after_all_sentences_mb"] = round(maxrss_mb())
    return out


def startup(config: str, data: str, runs: int) -> dict[str, float]:
    best: dict[str, float] | None = None
    for _ in range(runs):
        proc = subprocess.run(
            [sys.executable, __file__, "--startup-child", config, data],
            capture_output=True,
            text=True,
            check=True,
        )
        got = json.loads(proc.stdout.strip().splitlines()[-1])
        if best is None or got["import_and_first_call_s"] < best["import_and_first_call_s"]:
            best = got
    assert best is not None
    return best


def installed_size(dist_name: str) -> dict[str, object]:
    """Bytes of the files a distribution installed (its RECORD), and what it requires."""
    dist = metadata.distribution(dist_name)
    size = 0
    for f in dist.files or ():
        p = Path(str(dist.locate_file(f)))
        if p.is_file():
            size += p.stat().st_size
    return {
        "version": dist.version,
        "installed_mb": round(size / 1e6, 1),
        "requires": dist.requires or [],
    }


def probes(system: System) -> dict[str, object]:
    out: dict[str, object] = {}
    for label, text in PROBES.items():
        row: dict[str, object] = {"top1": system.detect(text)}
        if system.scored is not None:
            lang, conf = system.scored(text)
            row["scored"] = [lang, round(conf, 3)]
        out[label] = row
    det = system.handle
    if det is not None:
        text = PROBES["mixed de+en"]
        out["mixed de+en: detect_multiple_languages_of"] = [
            [r.language.iso_code_639_1.name.lower(), text[r.start_index : r.end_index].strip()]
            for r in det.detect_multiple_languages_of(text)
        ]
    return out


# --------------------------------------------------------------------------- output


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    def cell(v: object) -> str:
        if v is None:
            return "–"
        if isinstance(v, float):
            return f"{v:.1f}"
        return str(v)

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in r) + " |" for r in rows]
    return "\n".join(lines)


def ratio(v: dict[str, float], sp: dict[str, dict], what: str) -> str | None:
    """CPU time per call as a multiple of ftfy.fix_text's on the same texts."""
    ref = sp.get("ftfy.fix_text", {}).get(f"{what}_us_per_call")
    got = v.get(f"{what}_us_per_call")
    return f"{got / ref:.2f}" if ref and got else None


def probe_cell(row: dict[str, object]) -> str:
    """'de 0.997': the confidence call's answer; the plain top-1 too when it differs."""
    top1 = row.get("top1")
    scored = row.get("scored")
    if not isinstance(scored, list):
        return str(top1)
    lang, conf = scored
    cell = f"{lang} {conf:.3f}" if lang else f"None {conf:.3f}"
    return cell if lang == top1 else f"{top1} (scored: {cell})"


def report(res: dict[str, object]) -> str:
    acc: dict[str, dict] = res["accuracy"]  # type: ignore[assignment]
    names = list(acc)
    parts = [
        f"items per bucket: {next(iter(acc.values()))['n']}",
        f"items without a letter (no right answer possible): {res['letterless']}",
        "",
    ]
    parts += ["## Accuracy (% top-1 right) by length bucket", ""]
    parts.append(
        table(["system", *BUCKETS, "all"], [[n, *acc[n]["by_bucket"].values()] for n in names])
    )
    for b in ("p20", "p40", "sent"):
        parts += ["", f"## Accuracy by language, bucket {b}", ""]
        parts.append(
            table(
                ["lang", *names],
                [[lang, *(acc[n]["by_lang"][lang][b] for n in names)] for lang in BENCH_LANGS],
            )
        )
    parts += ["", "## Most frequent wrong answers (all buckets)", ""]
    parts.append(
        table(
            ["lang", *names],
            [
                [
                    lang,
                    *(
                        ", ".join(f"{k} {v}" for k, v in acc[n]["confusions"].get(lang, {}).items())
                        for n in names
                    ),
                ]
                for lang in BENCH_LANGS
            ],
        )
    )
    parts += ["", "## Abstaining: abstained % / accuracy % of kept / kept-and-wrong % of all", ""]
    for n in names:
        if "abstain" not in acc[n]:
            continue
        ab = acc[n]["abstain"]
        parts += [
            f"{n} (scored call agrees with plain top-1 on {acc[n]['scored_agrees_with_detect']}%)"
        ]
        parts.append(
            table(
                ["threshold", *ab],
                [
                    [str(t), *("/".join(f"{x:.1f}" for x in ab[b][str(t)]) for b in ab)]
                    for t in THRESHOLDS
                ],
            )
        )
        parts.append("median confidence: " + json.dumps(acc[n]["confidence_median"]))
        parts.append("")
    sp: dict[str, dict] = res["speed"]  # type: ignore[assignment]
    parts += ["## Speed (process CPU time, medians of alternating rounds)", ""]
    parts.append(
        table(
            [
                "system",
                "p20 µs/call",
                "p80 µs/call",
                "sent µs/call",
                "sent lines/s",
                "sent+conf µs/call",
                "doc µs/call",
                "doc µs/1k chars",
                "sent ×ftfy",
                "doc ×ftfy",
            ],
            [
                [
                    n,
                    v.get("p20_us_per_call"),
                    v.get("p80_us_per_call"),
                    v.get("sent_us_per_call"),
                    v.get("sent_per_s"),
                    v.get("sent+conf_us_per_call"),
                    v.get("doc_us_per_call"),
                    v.get("doc_us_per_1k_chars"),
                    ratio(v, sp, "sent"),
                    ratio(v, sp, "doc"),
                ]
                for n, v in sp.items()
            ],
        )
    )
    parts.append("mean characters per timed text: " + json.dumps(res["speed_texts"]))
    if res.get("lingua_parallel"):
        parts += [
            "",
            "lingua detect_languages_in_parallel_of: " + json.dumps(res["lingua_parallel"]),
        ]
    if res.get("startup"):
        st: dict[str, dict] = res["startup"]  # type: ignore[assignment]
        parts += ["", "## Start-up (fresh process) and peak RSS", ""]
        parts.append(
            table(
                [
                    "config",
                    "import+build+first call s",
                    "(CPU s)",
                    "peak RSS before MB",
                    "after first call MB",
                    "after all sentences MB",
                ],
                [
                    [
                        n,
                        f"{v['import_and_first_call_s']:.2f}",
                        f"{v['import_and_first_call_cpu_s']:.2f}",
                        v["rss_before_mb"],
                        v["rss_after_first_call_mb"],
                        v.get("rss_after_all_sentences_mb"),
                    ]
                    for n, v in st.items()
                ],
            )
        )
    parts += ["", "## Installed size", ""]
    sz: dict[str, dict] = res["size"]  # type: ignore[assignment]
    parts.append(
        table(
            ["distribution", "version", "installed MB", "requires"],
            [[n, v["version"], v["installed_mb"], ", ".join(v["requires"])] for n, v in sz.items()],
        )
    )
    parts += ["", "## Probes", ""]
    pr: dict[str, dict] = res["probes"]  # type: ignore[assignment]
    parts.append(
        table(
            ["probe", *pr],
            [
                [label, *(probe_cell(pr[n][label]) for n in pr)]
                for label in PROBES
                if all(label in pr[n] for n in pr)
            ],
        )
    )
    for n, v in pr.items():
        if "mixed de+en: detect_multiple_languages_of" in v:
            got = json.dumps(v["mixed de+en: detect_multiple_languages_of"], ensure_ascii=False)
            parts.append(f"\n{n} detect_multiple_languages_of(mixed): {got}")
    return "\n".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", help="harm.jsonl.gz (records with id, kind, lang, layout, text)")
    ap.add_argument("--json", help="also write the results here")
    ap.add_argument("--rounds", type=int, default=3, help="alternating speed rounds (median)")
    ap.add_argument("--only", action="append", choices=list(CONFIGS), help="configs to run")
    ap.add_argument("--startup-runs", type=int, default=2, help="fresh processes per config (min)")
    ap.add_argument("--no-startup", action="store_true", help="skip start-up / RSS subprocesses")
    ap.add_argument(
        "--with-normalize",
        action="store_true",
        help="add the project's own normalize.lexicon.detect_language as a baseline",
    )
    ap.add_argument("--startup-child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.startup_child:
        print(json.dumps(startup_child(args.startup_child, args.data)))
        return 0

    records = load_records(args.data)
    items = build_items(records)
    sents = [it.text for it in items if it.bucket == "sent"]
    letterless = Counter(
        f"{it.bucket}/{it.lang}" for it in items if not any(ch.isalpha() for ch in it.text)
    )
    docs = [text for _, _, text in records]
    configs = args.only or list(CONFIGS)
    res: dict[str, object] = {
        "data": Path(args.data).name,
        "records": len(records),
        "python": sys.version.split()[0],
        "letterless": dict(letterless),
    }

    if not args.no_startup:  # first, while this process is still small
        res["startup"] = {}
        for name in configs:
            res["startup"][name] = startup(name, args.data, args.startup_runs)  # type: ignore[index]
            print(f"# startup {name}: {res['startup'][name]}", file=sys.stderr)  # type: ignore[index]

    systems: list[System] = []
    build_s: dict[str, float] = {}
    for name in configs:
        builder, kwargs = CONFIGS[name]
        t = time.perf_counter()
        systems.append(builder(**kwargs))
        build_s[systems[-1].name] = round(time.perf_counter() - t, 3)
    if args.with_normalize:
        base = make_normalize_baseline()
        if base is not None:
            systems.append(base)
    res["systems"] = {s.name: s.note for s in systems}
    res["build_s_in_process"] = build_s

    res["accuracy"] = {}
    for s in systems:
        t = time.process_time()
        res["accuracy"][s.name] = accuracy(s, items)  # type: ignore[index]
        print(f"# accuracy {s.name}: {time.process_time() - t:.1f} s CPU", file=sys.stderr)
    res["probes"] = {s.name: probes(s) for s in systems}
    groups = {b: [it.text for it in items if it.bucket == b] for b in ("p20", "p80")}
    res["speed"] = speed(systems, groups | {"sent": sents, "doc": docs}, args.rounds)
    res["speed_texts"] = {
        b: {"n": len(v), "mean_chars": round(sum(map(len, v)) / len(v), 1)}
        for b, v in (groups | {"sent": sents, "doc": docs}).items()
    }
    res["lingua_parallel"] = {
        s.name: p for s in systems if (p := lingua_parallel(s, sents)) is not None
    }
    res["size"] = {d: installed_size(d) for d in ("py3langid", "lingua-language-detector", "numpy")}
    print(report(res))
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
