#!/usr/bin/env bash
# doctor's one-pass speed over a generated log of about SIZE_MB megabytes (default 1024),
# beside `grep -c 'Order FILLED'` over the same file in the same run.
# The log is a debug-level demo log of ours repeated; build in release first.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-1024}
bin=.build/release/lighter-hedge
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" demo --seconds 6 --log-level debug --log-file "$work/seed.log" --journal "$work/j.jsonl" > /dev/null
# A ~1 MB block of the seed, then the block repeated.
while [ "$(stat -c %s "$work/block.log" 2>/dev/null || echo 0)" -lt 1048576 ]; do cat "$work/seed.log" >> "$work/block.log"; done
block=$(stat -c %s "$work/block.log")
for ((i = 0; i < size_mb * 1048576 / block; i++)); do cat "$work/block.log"; done > "$work/big.log"
bytes=$(stat -c %s "$work/big.log")
cat "$work/big.log" > /dev/null   # both runs read from the page cache
t0=$(date +%s.%N); "$bin" doctor "$work/big.log" > "$work/doctor.txt" || true; t1=$(date +%s.%N)
grep -c 'Order FILLED' "$work/big.log" > "$work/grep.txt" || true; t2=$(date +%s.%N)
awk -v b="$bytes" -v d="$(echo "$t1 - $t0" | bc)" -v g="$(echo "$t2 - $t1" | bc)" 'BEGIN {
  printf "log: %.0f MB\ndoctor: %.2f s, %.0f MB/s\ngrep -c: %.2f s, %.0f MB/s\ndoctor / grep speed: %.2f\n", b/1e6, d, b/1e6/d, g, b/1e6/g, g/d }'
echo "doctor verdict: $(head -n 1 "$work/doctor.txt")"
echo "grep count: $(cat "$work/grep.txt")"
