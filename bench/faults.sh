#!/usr/bin/env bash
# Fault run for `normalize clean --resume` (issue 15): on a large JSONL, kill -9 the run at
# three moments and resume each time, then compare the output and the combined change log
# with an uninterrupted run, byte for byte; check that no process and no temporary file is
# left behind, that Ctrl-C publishes nothing under a final name, and how much more work the
# interrupted run did.
#
#   bash bench/faults.sh ../shared/bench/corpus/news.jsonl.gz [COPIES] [VENV]
#   FAULTS_ARGS="--kind prose" bash bench/faults.sh ...   (extra options for every run)
#
# COPIES (default 12) copies of the corpus, each with its own ids, make the input (12 copies
# of the Reuters corpus: 214 MB). Work is CPU seconds of the process tree (user + sys).
set -euo pipefail
corpus=${1:?usage: faults.sh CORPUS.jsonl[.gz] [COPIES] [VENV]}
copies=${2:-12}
venv=${3:-.venv}
read -r -a extra <<<"${FAULTS_ARGS:-}"
norm="$(cd "$(dirname "$venv/bin/normalize")" && pwd)/normalize"
py="$(dirname "$norm")/python"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
big="$work/big.jsonl"
"$py" - "$corpus" "$copies" "$big" <<'PY'
import gzip, json, sys
src, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
opener = gzip.open if src.endswith(".gz") else open
lines = opener(src, "rt", encoding="utf-8").read().splitlines()
with open(out, "w", encoding="utf-8") as f:
    for k in range(n):
        for line in lines:
            rec = json.loads(line)
            rec["id"] = f"{rec.get('id', '')}#{k}"
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
PY
echo "input: $(du -m "$big" | cut -f1) MB, $(wc -l < "$big") records"
# Wall and CPU seconds of one run (/usr/bin/time: the process and the children it waited
# for; the workers of a killed run are not counted, so CPU understates the lost work and wall
# time is the figure to compare).
timed() { /usr/bin/time -f "%e %U %S" -o "$work/time" "$@"; }
# the last line: a killed command's report starts with "Command terminated by signal 9"
add_time() { tail -1 "$work/time" | awk -v w="$1" -v c="${2:-0}" '{printf "%.2f %.2f", w+$1, c+$2+$3}'; }
# SIGINT reaches a background job of a script only with its default disposition restored.
sigint_default='import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])'

leftover_processes() {
  pgrep -f "normalize clean $big" | grep -vx "$$" || true
}

timed "$norm" clean "$big" -o "$work/ref" --log "$work/ref.log" -j 2 -q "${extra[@]}"
read -r ref_wall ref_cpu <<<"$(add_time 0)"
echo "uninterrupted: ${ref_wall}s wall, ${ref_cpu}s CPU"

# kill -9 at three moments (a share of the uninterrupted wall time after each start), then
# --resume until it finishes.
int_wall=0; int_cpu=0
resume=()
for share in 0.25 0.25 0.25; do
  timed "$norm" clean "$big" -o "$work/run" --log "$work/run.log" -j 2 -q "${extra[@]}" "${resume[@]}" 2>/dev/null &
  pid=$!
  sleep "$(echo "$ref_wall * $share" | bc)"
  pkill -9 -f "python[0-9.]* $norm clean $big -o $work/run " || echo "(run finished before the kill)"
  wait "$pid" 2>/dev/null || true
  read -r int_wall int_cpu <<<"$(add_time "$int_wall" "$int_cpu")"
  sleep 1.5
  left=$(leftover_processes)
  committed=$("$py" -c "import json,sys; s=json.load(open(sys.argv[1]))['state']['current']; print(s and s['pos'][0])" "$work/run/.normalize-run/manifest.json" 2>/dev/null || echo none)
  echo "killed ${share} x the uninterrupted wall time after its start: committed up to line ${committed}; processes left 1.5 s later: ${left:-none}"
  [ -z "$left" ] || { echo "FAIL: processes left behind"; exit 1; }
  resume=(--resume)
done
timed "$norm" clean "$big" -o "$work/run" --log "$work/run.log" -j 2 -q "${extra[@]}" --resume
read -r int_wall int_cpu <<<"$(add_time "$int_wall" "$int_cpu")"
echo "interrupted 3 times and resumed: ${int_wall}s wall ($(echo "$int_wall $ref_wall" | awk '{printf "%+.1f", 100*($1/$2-1)}')%), ${int_cpu}s CPU ($(echo "$int_cpu $ref_cpu" | awk '{printf "%+.1f", 100*($1/$2-1)}')%) against the uninterrupted run"

status=0
cmp "$work/ref/big.jsonl" "$work/run/big.jsonl" && echo "output: byte-identical" || status=1
cmp "$work/ref.log" "$work/run.log" && echo "combined log: byte-identical ($(wc -l < "$work/ref.log") records)" || status=1
left_files=$(find "$work/run" "$work" -maxdepth 1 -name '.*' ! -name '.' | grep -v "^$work/\.$" || true)
echo "temporary files left: ${left_files:-none}"
[ -z "$left_files" ] || status=1

# Ctrl-C: nothing under a final name, and --resume finishes the same output.
"$py" -c "$sigint_default" "$norm" clean "$big" -o "$work/int" --log "$work/int.log" -j 2 -q "${extra[@]}" &
pid=$!   # the run itself (a background function would be a subshell)
sleep "$(echo "$ref_wall * 0.4" | bc)"
kill -INT "$pid"
rc=0; wait "$pid" || rc=$?
final=$(ls "$work/int" 2>/dev/null | tr '\n' ' ')
[ -e "$work/int.log" ] && final="$final int.log"
echo "Ctrl-C: exit $rc; files under a final name: ${final:-none}"
[ "$rc" = 130 ] && [ -z "$final" ] || status=1
"$norm" clean "$big" -o "$work/int" --log "$work/int.log" -j 2 -q "${extra[@]}" --resume
cmp -s "$work/ref/big.jsonl" "$work/int/big.jsonl" && cmp -s "$work/ref.log" "$work/int.log" \
  && echo "Ctrl-C then --resume: byte-identical" || status=1
[ "$status" = 0 ] && echo "PASS" || echo "FAIL"
exit "$status"
