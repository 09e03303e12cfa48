#!/usr/bin/env bash
# Make sure a PostgreSQL server answers on 127.0.0.1:5432 with a role the tests can use.
# (Redis and the S3 server are started by the tests themselves, on free loopback ports.)
set -euo pipefail

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }

if ! pg_up; then
  echo "==> starting PostgreSQL"
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$version" ]; then echo "PostgreSQL is not installed (run scripts/setup.sh --test)" >&2; exit 1; fi
  [ -d "/etc/postgresql/$version/main" ] || pg_createcluster "$version" main >/dev/null
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || pg_ctlcluster "$version" main start
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  pg_up || { echo "PostgreSQL did not start" >&2; exit 1; }
fi

# A password role works whatever the auth method (trust here, scram on a fresh Debian install).
sql="DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sohoa') THEN
  CREATE ROLE sohoa LOGIN CREATEDB PASSWORD 'sohoa'; END IF; END \$\$;"
if ! PGPASSWORD=sohoa psql -h 127.0.0.1 -U sohoa -d postgres -tAc 'select 1' >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v runuser >/dev/null; then
    runuser -u postgres -- psql -q -d postgres -c "$sql"
  else
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "$sql"
  fi
fi
