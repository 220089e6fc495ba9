#!/usr/bin/env bash
# Install everything the tests need (pip packages into .venv, node packages into node_modules,
# Debian's chromium, nodejs, postgresql, redis-server and the other system packages below when
# missing) and run the whole suite: eslint and the unit tests of assets/casegraph.js (node's
# test runner), ruff, then the core, callback and browser tests (pytest). The tests start their
# own PostgreSQL and Redis servers (temporary folders, free ports on 127.0.0.1); set
# CASEGRAPH_TEST_NO_POSTGRES=1 / CASEGRAPH_TEST_NO_REDIS=1 to skip the tests that need them
# instead of failing. Any failure fails the command.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -m "not browser"`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh requirements-dev.txt

# System packages: Chromium for the browser tests, cairo for pictures, poppler for reading PDFs,
# the fonts pictures and reports are drawn with, PostgreSQL and Redis for the store, cache, job
# and concurrency tests.
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 \
  || missing="$missing postgresql"
command -v redis-server >/dev/null 2>&1 || missing="$missing redis-server"
ldconfig -p 2>/dev/null | grep -q libcairo.so.2 || missing="$missing libcairo2"
command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"
fc-list 2>/dev/null | grep -qi liberation || missing="$missing fonts-liberation"
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
# emoji slang codes in pictures and PDFs are drawn from Noto Color Emoji
fc-list 2>/dev/null | grep -qi "noto color emoji" || missing="$missing fonts-noto-color-emoji"
if [ -n "$missing" ]; then
  echo "installing Debian packages:$missing"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi

# Node packages (eslint, the cytoscape that dash-cytoscape bundles), again when the lock changed.
lock="$(sha256sum package-lock.json | cut -c1-16)"
if [ "$(cat node_modules/.installed-lock 2>/dev/null)" != "$lock" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock" > node_modules/.installed-lock
fi
node_modules/.bin/eslint
# the JavaScript tests run with the ids and class names Python hands the page
contract="$(.venv/bin/python -m components.jscontract)"
CASEGRAPH_JS_CONTRACT="$contract" node --test --test-reporter=spec tests/js/

.venv/bin/python -m ruff check .
# pytest exits non-zero when a test fails and (code 5) when no test ran at all.
exec .venv/bin/python -m pytest "$@"
