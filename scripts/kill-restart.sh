#!/usr/bin/env bash
# A hedge run killed with SIGKILL mid-run, then started again with the same ledger, against a
# `lighter-hedge sim` started apart (as an operator rehearses before mainnet). The second run
# must carry on from the ledger and end with nothing naked, its ledger agreeing with the venues.
# Usage: scripts/kill-restart.sh [BIN] [KILL_AFTER_SECONDS]
set -uo pipefail
bin=${1:-$(swift build --show-bin-path)/lighter-hedge}
kill_after=${2:-5}
work=$(mktemp -d)
trap 'kill "$sim_pid" 2>/dev/null; rm -rf "$work"' EXIT

"$bin" keys generate --out "$work/lighter.key" > "$work/keys.txt" || exit 1
"$bin" keys generate --venue backpack --out "$work/backpack.key" > /dev/null || exit 1
pub=$(sed -n 's/^public key: //p' "$work/keys.txt")
"$bin" sim --api-key "5:0:$pub" --port 0 --backpack-port 0 > "$work/sim.txt" 2>&1 &
sim_pid=$!
for _ in $(seq 1 100); do grep -q "Press Ctrl-C" "$work/sim.txt" 2>/dev/null && break; sleep 0.1; done
lighter_url=$(grep -oE 'ws://127\.0\.0\.1:[0-9]+/stream' "$work/sim.txt" | head -n 1)
backpack_url=$(grep -oE 'ws://127\.0\.0\.1:[0-9]+/$' "$work/sim.txt" | head -n 1)
[ -n "$lighter_url" ] && [ -n "$backpack_url" ] || { echo "the simulator did not print its URLs"; cat "$work/sim.txt"; exit 1; }
cat > "$work/sim.env" <<ENV
LIGHTER_ACCOUNT_INDEX=5
LIGHTER_API_KEY_INDEX=0
API_KEY_PRIVATE_KEY=$(cat "$work/lighter.key")
BACKPACK_SECRET_KEY=$(cat "$work/backpack.key")
LIGHTER_WS_URL=$lighter_url
BACKPACK_WS_URL=$backpack_url
ENV
args=(run --env-file "$work/sim.env" --size 0.05 --iter 12 --max-position 0.1 --fill-timeout 3 --ledger "$work/ledger.sqlite")
"$bin" "${args[@]}" > "$work/first.txt" 2>&1 &
run_pid=$!
sleep "$kill_after"
kill -9 "$run_pid" 2>/dev/null
{ wait "$run_pid"; } 2>/dev/null
echo "  killed after ${kill_after} s: $(grep -c 'Fill: ' "$work/first.txt") Backpack fills, $(grep -c 'Hedge sent' "$work/first.txt") hedges sent"
if ! timeout 120 "$bin" "${args[@]}" > "$work/second.txt" 2>&1; then
  echo "the restarted run failed:"; tail -n 20 "$work/second.txt"; exit 1
fi
grep -E "Restart:" "$work/second.txt" | sed 's/^.* - WARNING - /  /' | head -n 1
grep -qE "^  naked at end: +0$" "$work/second.txt" || { echo "the restarted run left something naked"; tail -n 12 "$work/second.txt"; exit 1; }
grep -E "^  (backpack fills|lighter hedges|naked at end|ended)" "$work/second.txt"
