#!/usr/bin/env bash
# One-time (idempotent) set-up on Debian/Ubuntu: system packages, then the Python environment in .venv.
# Usage: scripts/setup.sh [--test] [--bench]
#   --test   also installs what the test suite needs: Redis, PostgreSQL, Chromium, nginx (deploy/nginx.conf),
#            SoftHSM2 + OpenSC (a PKCS#11 token), Node.js (the page scripts' wording)
#   --bench  also installs what benchmarks/ocr_bench.py compares and counts with: OCRmyPDF, unpaper, wamerican
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0; want_bench=0
for arg in "$@"; do
  case "$arg" in
    --test) want_test=1 ;;
    --bench) want_bench=1; want_test=1 ;;  # the latency benchmark uses Redis and PostgreSQL too
  esac
done

packages=(tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd tesseract-ocr-eng fonts-dejavu-core fonts-liberation2 hunspell-vi)
[ $want_test = 1 ] && packages+=(redis-server postgresql chromium nginx softhsm2 opensc nodejs)  # softhsm2, opensc: PKCS#11 tests; nodejs: page-script tests
[ $want_bench = 1 ] && packages+=(ocrmypdf unpaper wamerican)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing system packages: ${missing[*]}"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$python" -m venv .venv
fi
extras=""; [ $want_test = 1 ] && extras="[test]"
# Reinstall only when pyproject.toml changed since the last install.
stamp=".venv/.installed$extras"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "==> installing Python packages"
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q -e ".$extras"
  touch "$stamp"
fi

# The browser tests inject axe-core (the accessibility checker) into every page: the version pinned in
# tests/web/package-lock.json, into tests/web/node_modules; again only when the lock changed.
if [ $want_test = 1 ] && command -v npm >/dev/null; then
  if [ ! -f tests/web/node_modules/.package-lock.json ] || [ tests/web/package-lock.json -nt tests/web/node_modules/.package-lock.json ]; then
    echo "==> installing axe-core for the browser tests"
    npm ci --prefix tests/web --no-audit --no-fund --loglevel=error
  fi
fi
