#!/usr/bin/env bash
# Start the local PostgreSQL 15 cluster and make sure the role `arrimage` (password `arrimage`, allowed to
# create databases) exists. For tests and CI on this machine only; production uses its own server.
#
# This cluster holds throw-away test databases only, so it is told not to wait for the disk (fsync,
# synchronous_commit and full_page_writes off): on a slow disk every commit and every TRUNCATE of the
# transactional tests would otherwise wait for a flush. Never do this on a server that keeps real data.
set -euo pipefail
if ! pg_lsclusters --no-header 2>/dev/null | grep -q '^15 *main'; then
  pg_createcluster 15 main >/dev/null
fi
if ! pg_lsclusters --no-header | grep -Eq '^15 +main +[0-9]+ +online'; then
  pg_ctlcluster 15 main start
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 1
done
pg_isready -h 127.0.0.1 -p 5432
as_postgres() { if [ "$(id -u)" -eq 0 ]; then su postgres -c "$1"; else sudo -u postgres sh -c "$1"; fi; }
if [ "$(as_postgres "psql -tAc 'SHOW fsync'")" != "off" ]; then
  as_postgres "psql -q -c 'ALTER SYSTEM SET fsync = off' -c 'ALTER SYSTEM SET synchronous_commit = off' \
    -c 'ALTER SYSTEM SET full_page_writes = off' -c 'SELECT pg_reload_conf()'" >/dev/null
fi
exists=$(as_postgres "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname = 'arrimage'\"")
if [ "$exists" != "1" ]; then
  as_postgres "psql -q -c \"CREATE ROLE arrimage LOGIN CREATEDB PASSWORD 'arrimage'\""
fi
exists=$(as_postgres "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = 'arrimage'\"")
if [ "$exists" != "1" ]; then
  as_postgres "createdb -O arrimage arrimage"
fi
