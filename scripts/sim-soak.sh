#!/usr/bin/env bash
# Memory soak of the simulator: 3 markets at 50 book updates a second, a scripted account
# trading, three `watch` clients (one per market) subscribed for the whole run. Samples the
# simulator's resident memory (VmRSS, and the peak VmHWM) every 30 s from /proc.
# Usage: scripts/sim-soak.sh [SECONDS]   (release build: swift build -c release)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
bin=.build/release/lighter-hedge
port=${SOAK_PORT:-18787}
work=$(mktemp -d)
"$bin" sim --venue lighter --port "$port" --markets ETH,BTC,SOL --updates-per-second 50 --account-script 7 --script-interval-ms 500 \
  --log-level warning > "$work/sim.out" 2>&1 &
sim=$!
trap 'kill $sim ${watchers:-} 2>/dev/null || true' EXIT
sleep 2
token="$(( $(date +%s) + 25000 )):7:0:$(printf '0%.0s' $(seq 160))"
watchers=""
for market in ETH BTC SOL; do
  "$bin" watch --url "ws://127.0.0.1:$port/stream" --market "$market" --account 7 --auth-token "$token" \
    --seconds "$seconds" --log-file "$work/$market.log" --journal "$work/$market.jsonl" > "$work/watch-$market.out" 2>&1 &
  watchers="$watchers $!"
done
echo "elapsed_s rss_kb hwm_kb"
for ((t = 0; t <= seconds; t += 30)); do
  echo "$t $(awk '/VmRSS/ {print $2}' /proc/$sim/status) $(awk '/VmHWM/ {print $2}' /proc/$sim/status)"
  sleep 30
done
curl -s "http://127.0.0.1:$port/control/stats" || true
echo
tail -n 1 "$work"/watch-*.out
