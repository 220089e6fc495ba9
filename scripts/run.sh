#!/usr/bin/env bash
# Install what the app needs (first run only) and serve it on the embedded defaults:
# the sample cases and a local SQLite store under ./var (CASEGRAPH_DATA_DIR to change).
# Extra arguments go to app.py, e.g. `bash scripts/run.sh --port 8060`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh requirements.txt
# Pictures and reports are drawn with cairo (Debian's libcairo2), in Liberation Sans with
# emoji from Noto Color Emoji; install what is missing.
missing=""
ldconfig -p 2>/dev/null | grep -q libcairo.so.2 || missing="$missing libcairo2"
fc-list 2>/dev/null | grep -qi liberation || missing="$missing fonts-liberation"
fc-list 2>/dev/null | grep -qi "noto color emoji" || missing="$missing fonts-noto-color-emoji"
if [ -n "$missing" ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  # shellcheck disable=SC2086
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi
exec .venv/bin/python app.py "$@"
