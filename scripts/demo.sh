#!/usr/bin/env bash
# The main job on embedded defaults (SQLite, local object folder, in-process jobs) over the bundled sample.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export OMP_THREAD_LIMIT=1 SOHOA_DATA_DIR=${SOHOA_DATA_DIR:-.sohoa}
exec .venv/bin/sohoa digitize samples/ --unit 000.17.22.H56 --procedure 1.001193 "$@"
