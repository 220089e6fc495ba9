#!/usr/bin/env bash
# Install what the app needs (first run only) and serve it on the embedded defaults:
# the sample cases and a local SQLite store under ./var (CASEGRAPH_DATA_DIR to change).
# Extra arguments go to app.py, e.g. `bash scripts/run.sh --port 8060`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh requirements.txt
exec .venv/bin/python app.py "$@"
