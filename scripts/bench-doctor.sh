#!/usr/bin/env bash
# doctor's one-pass speed over a generated log of about SIZE_MB megabytes (default 1024),
# beside `grep -c 'Order FILLED'` over the same file in the same run. The two alternate
# RUNS times (default 5) and the medians are compared: this machine's speed drifts.
# The log is a debug-level demo log of ours repeated; build in release first
# (`swift build -c release --product lighter-hedge`). KEEP=dir keeps the log there.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-1024}
runs=${RUNS:-5}
bin=.build/release/lighter-hedge
[ -x "$bin" ] || { echo "build first: swift build -c release --product lighter-hedge" >&2; exit 2; }
work=${KEEP:-$(mktemp -d)}
mkdir -p "$work"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
if [ ! -s "$work/big.log" ]; then
  "$bin" demo --seconds 6 --log-level debug --log-file "$work/seed.log" --journal "$work/j.jsonl" > /dev/null
  # A ~1 MB block of the seed, then the block repeated.
  rm -f "$work/block.log"
  while [ "$(stat -c %s "$work/block.log" 2>/dev/null || echo 0)" -lt 1048576 ]; do cat "$work/seed.log" >> "$work/block.log"; done
  block=$(stat -c %s "$work/block.log")
  for ((i = 0; i < size_mb * 1048576 / block; i++)); do cat "$work/block.log"; done > "$work/big.log"
fi
bytes=$(stat -c %s "$work/big.log")
cat "$work/big.log" > /dev/null   # both read from the page cache
seconds() { local t0 t1; t0=$(date +%s.%N); "$@"; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
doctor_times=(); grep_times=()
for ((r = 0; r < runs; r++)); do
  doctor_times+=("$(seconds sh -c "'$bin' doctor '$work/big.log' > '$work/doctor.txt' || true")")
  # grep writes to a file: with /dev/null as output it stops at the first match.
  grep_times+=("$(seconds sh -c "grep -c 'Order FILLED' '$work/big.log' > '$work/grep.txt' || true")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
d=$(median "${doctor_times[@]}"); g=$(median "${grep_times[@]}")
echo "log: $(awk -v b="$bytes" 'BEGIN{printf "%.0f MB", b/1e6}'), $(wc -l < "$work/big.log") lines; $runs runs each, alternating"
echo "doctor runs (s): ${doctor_times[*]}"
echo "grep runs (s):   ${grep_times[*]}"
awk -v b="$bytes" -v d="$d" -v g="$g" 'BEGIN {
  printf "doctor median: %.3f s, %.0f MB/s\ngrep -c median: %.3f s, %.0f MB/s\ndoctor / grep speed: %.2f\n", d, b/1e6/d, g, b/1e6/g, g/d }'
echo "doctor verdict: $(head -n 1 "$work/doctor.txt")"
echo "grep count: $(cat "$work/grep.txt")"
