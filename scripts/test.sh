#!/usr/bin/env bash
# Install everything the tests need (pip packages into .venv, Debian's chromium when missing)
# and run the whole suite: lint, core, callback and browser tests.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -m "not browser"`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh requirements-dev.txt

if ! command -v chromium >/dev/null 2>&1; then
  echo "installing Debian's chromium for the browser tests"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi

.venv/bin/python -m ruff check .
# pytest exits non-zero when a test fails and (code 5) when no test ran at all.
exec .venv/bin/python -m pytest "$@"
