#!/bin/sh
# Write one self-contained HTML report of last week per active client.
#   usage: html-per-client.sh [OUTPUT_DIR]   (default: ./reports)
# Uses $COACH_DB like every coach command. File names keep letters, digits, - and _.
set -eu
out=${1:-reports}
mkdir -p "$out"
coach client list --format json |
  python3 -c 'import json, sys; print("\n".join(c["name"] for c in json.load(sys.stdin)))' |
  while IFS= read -r name; do
    [ -n "$name" ] || continue
    file="$out/$(printf '%s' "$name" | tr -c 'A-Za-z0-9_-' '_').html"
    coach report --client "$name" --week last --output "$file" 2>/dev/null
    echo "$file"
  done
