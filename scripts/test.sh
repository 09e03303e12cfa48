#!/usr/bin/env bash
# The whole test suite on a fresh machine: set-up, services, then pytest. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
scripts/services.sh
export OMP_THREAD_LIMIT=1
export SOHOA_TEST_DATABASE_URL=${SOHOA_TEST_DATABASE_URL:-postgresql://sohoa:sohoa@127.0.0.1:5432/postgres}
.venv/bin/ruff check .
.venv/bin/lint-imports --no-logo
.venv/bin/python -m pytest -q "$@"
