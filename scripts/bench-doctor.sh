#!/usr/bin/env bash
# doctor's one-pass speed beside `grep -c 'Order FILLED'` over the same file in the same run,
# on logs of about SIZE_MB megabytes (default 1024) in each layout doctor reads:
#
#   ours              a debug-level demo log of ours, repeated
#   ref-file          the reference bot's real logs (Tests/DiagnosisTests/Fixtures/python-fk-real-*.log:
#                     its file format `date - hedge_bot_ETH - LEVEL - message`, UTF-8), repeated
#   ref-file-mojibake the same re-encoded through Windows-1252 (`ðŸ“¨`), as a Windows console saves it
#   ref-console       the same in the bot's console format `LEVEL:hedge_bot_ETH:message`
#   ref-console-mojibake
#
# For each log, doctor and grep alternate RUNS times (default 5) and their medians are compared:
# this machine's speed drifts, so a ratio is only good against a baseline measured beside it.
# Build in release first (`swift build -c release --product lighter-hedge`).
#
#   scripts/bench-doctor.sh [SIZE_MB] [LOG...]      e.g. scripts/bench-doctor.sh 512 ref-file ours
#
# KEEP=dir keeps the logs there (and reuses them); otherwise each is deleted once measured.
# BEFORE=path/to/lighter-hedge times that build too, in the same alternation: a change's effect.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-1024}
shift || true
logs=("$@")
[ ${#logs[@]} -gt 0 ] || logs=(ours ref-file ref-file-mojibake ref-console ref-console-mojibake)
runs=${RUNS:-5}
bin=.build/release/lighter-hedge
[ -x "$bin" ] || { echo "build first: swift build -c release --product lighter-hedge" >&2; exit 2; }
command -v python3 > /dev/null || { echo "python3 is needed to write the mojibake logs" >&2; exit 2; }
work=${KEEP:-$(mktemp -d)}
mkdir -p "$work"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
fixtures=Tests/DiagnosisTests/Fixtures

# The seed of each log: one pass of its lines.
seed() {
  case "$1" in
    ours)
      "$bin" demo --seconds 6 --log-level debug --log-file "$work/ours.seed.raw" --journal "$work/j.jsonl" > /dev/null
      cat "$work/ours.seed.raw" ;;
    ref-file) cat "$fixtures"/python-fk-real-*.log ;;
    ref-console) seed ref-file | sed -E 's/^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:,]+ - ([^ ]+) - ([A-Z]+) - /\2:\1:/' ;;
    *-mojibake)
      # UTF-8 read as Windows-1252 and written back as UTF-8; the five bytes that code page
      # leaves undefined become the C1 controls, as Windows does.
      seed "${1%-mojibake}" | python3 -c '
import sys
data = sys.stdin.buffer.read()
table = "".join(bytes([b]).decode("cp1252", errors="strict") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b) for b in range(256))
sys.stdout.buffer.write(data.decode("latin-1").translate({i: table[i] for i in range(256)}).encode("utf-8"))' ;;
    *) echo "unknown log: $1" >&2; exit 2 ;;
  esac
}

# A ~1 MB block of the seed, then the block repeated to the size.
make_log() {
  local name=$1 file=$work/$1.log
  [ -s "$file" ] && return
  seed "$name" > "$work/$name.seed"
  rm -f "$work/$name.block"
  while [ "$(stat -c %s "$work/$name.block" 2>/dev/null || echo 0)" -lt 1048576 ]; do cat "$work/$name.seed" >> "$work/$name.block"; done
  local block
  block=$(stat -c %s "$work/$name.block")
  for ((i = 0; i < size_mb * 1048576 / block; i++)); do cat "$work/$name.block"; done > "$file"
  rm -f "$work/$name.block" "$work/$name.seed"
}

seconds() { local t0 t1; t0=$(date +%s.%N); "$@"; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
summary=()
for name in "${logs[@]}"; do
  make_log "$name"
  file=$work/$name.log
  bytes=$(stat -c %s "$file")
  cat "$file" > /dev/null   # both read from the page cache
  doctor_times=(); grep_times=(); before_times=()
  for ((r = 0; r < runs; r++)); do
    doctor_times+=("$(seconds sh -c "'$bin' doctor '$file' > '$work/doctor.txt' || true")")
    [ -z "${BEFORE:-}" ] || before_times+=("$(seconds sh -c "'$BEFORE' doctor '$file' > '$work/before.txt' || true")")
    # grep writes to a file: with /dev/null as output it stops at the first match.
    grep_times+=("$(seconds sh -c "grep -c 'Order FILLED' '$file' > '$work/grep.txt' || true")")
  done
  d=$(median "${doctor_times[@]}"); g=$(median "${grep_times[@]}")
  echo "== $name: $(awk -v b="$bytes" 'BEGIN{printf "%.0f MB", b/1e6}'), $(wc -l < "$file") lines; $runs runs each, alternating"
  echo "doctor runs (s): ${doctor_times[*]}"
  echo "grep runs (s):   ${grep_times[*]}"
  awk -v b="$bytes" -v d="$d" -v g="$g" 'BEGIN {
    printf "doctor median: %.3f s, %.0f MB/s\ngrep -c median: %.3f s, %.0f MB/s\ndoctor / grep speed: %.2f\n", d, b/1e6/d, g, b/1e6/g, g/d }'
  echo "doctor verdict: $(head -n 1 "$work/doctor.txt")"
  echo "grep count: $(cat "$work/grep.txt")"
  line=$(awk -v n="$name" -v b="$bytes" -v d="$d" -v g="$g" 'BEGIN { printf "%-22s doctor %5.0f MB/s  grep %5.0f MB/s  doctor/grep %.2f", n, b/1e6/d, b/1e6/g, g/d }')
  if [ -n "${BEFORE:-}" ]; then
    p=$(median "${before_times[@]}")
    echo "before runs (s): ${before_times[*]}"
    cmp -s "$work/doctor.txt" "$work/before.txt" && echo "before: same report" || echo "before: REPORT DIFFERS"
    line+=$(awk -v b="$bytes" -v p="$p" -v g="$g" 'BEGIN { printf "  (before: %5.0f MB/s, %.2f)", b/1e6/p, g/p }')
  fi
  summary+=("$line")
  [ -n "${KEEP:-}" ] || rm -f "$file"
done
echo "== summary (medians of $runs alternating runs each)"
printf '%s\n' "${summary[@]}"
