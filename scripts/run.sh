#!/usr/bin/env bash
# Install what the app needs (first run only) and serve it on the embedded defaults:
# the sample cases and a local SQLite store under ./var (CASEGRAPH_DATA_DIR to change).
# Extra arguments go to app.py, e.g. `bash scripts/run.sh --port 8060`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh requirements.txt
# Pictures and reports are drawn with cairo (Debian's libcairo2); install it when missing.
if ! ldconfig -p 2>/dev/null | grep -q libcairo.so.2; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libcairo2 >/dev/null
fi
exec .venv/bin/python app.py "$@"
