#!/usr/bin/env bash
# Renders doctor's HTML report of every fixture log to PNG with headless Chromium, so that the
# reports can be looked at, not only read as markup. Fixtures: Tests/DiagnosisTests/Fixtures,
# Tests/DiagnosisTests/TimelineFixtures and the reference bot's real logs (REFERENCE_LOGS,
# default /work/shared/reference/logs/reference-bot; skipped when absent).
#
#   scripts/render-report-pngs.sh [OUT_DIR] [NAME_FILTER]
#
# OUT_DIR defaults to .build/report-pngs (one NAME.html and NAME.png per log); NAME_FILTER keeps
# the logs whose name contains it. Chromium is Debian's `chromium` package, installed with
# apt-get when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-.build/report-pngs}
filter=${2:-}
reference=${REFERENCE_LOGS:-/work/shared/reference/logs/reference-bot}

if ! command -v chromium > /dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq chromium > /dev/null
fi

swift build --product lighter-hedge > /dev/null 2>&1 || swift build --product lighter-hedge
bin=$(swift build --show-bin-path)/lighter-hedge
mkdir -p "$out"
out=$(cd "$out" && pwd)

logs=(Tests/DiagnosisTests/Fixtures/*.log Tests/DiagnosisTests/TimelineFixtures/*.log)
[ -d "$reference" ] && logs+=("$reference"/*.log)

rendered=0
for log in "${logs[@]}"; do
  name=$(basename "$log" .log)
  # The reference bot's logs are named by scenario only: mark where they come from.
  case "$log" in "$reference"/*) name="reference-bot-$name" ;; esac
  [[ -z "$filter" || "$name" == *"$filter"* ]] || continue
  # Exit status 1 is a problem found in the log, which is what most fixtures show.
  status=0
  "$bin" doctor --html "$out/$name.html" "$log" > /dev/null || status=$?
  if [ "$status" -gt 1 ]; then echo "doctor failed on $log (exit $status)" >&2; exit 1; fi
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --screenshot="$out/$name.png" \
    --window-size=1300,1400 "file://$out/$name.html" > /dev/null 2>&1
  [ -s "$out/$name.png" ] || { echo "no screenshot for $log" >&2; exit 1; }
  rendered=$((rendered + 1))
done
echo "$rendered reports rendered to $out"
