#!/usr/bin/env bash
# Contract test of the JSON API: serve Arrimage on a throwaway SQLite database (reference territories and
# demonstration data), create an API key for the demonstration administrator so that writes are exercised
# too, then let Schemathesis generate requests from /api/v1/openapi.json and check that no answer is a
# server error and that every answer matches the documented schema. Exits non-zero on any failure.
#
#   scripts/schemathesis.sh                        # about 2 minutes
#   CONTRACT_EXAMPLES=20 scripts/schemathesis.sh   # quicker, fewer generated cases per operation
#   scripts/schemathesis.sh --checks all           # more arguments go to `schemathesis run`
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PORT=${CONTRACT_PORT:-8766}
EXAMPLES=${CONTRACT_EXAMPLES:-50}
# One generating worker: with several, Hypothesis (under Python 3.11) now and then fails on its own
# (« AST constructor recursion depth mismatch »), which would make the check flaky. The server has 4.
WORKERS=${CONTRACT_WORKERS:-1}

work=$(mktemp -d)
export DJANGO_SETTINGS_MODULE=config.settings.contract
export ARRIMAGE_CONTRACT_DB="$work/contract.sqlite3"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== Database ($ARRIMAGE_CONTRACT_DB)"
$BIN/python manage.py migrate --no-input -v 0
$BIN/python manage.py load_territories
$BIN/python manage.py load_demo
key=$($BIN/python manage.py shell --no-imports -c '
from arrimage.accounts.models import User
from arrimage.accounts.services import api_token_create
admin = User.objects.filter(is_superuser=True).order_by("pk").first()
print(api_token_create(user=admin, name="Contract test", acting_user=admin)[1])
')

echo "== Server on 127.0.0.1:$PORT"
$BIN/gunicorn config.wsgi --bind 127.0.0.1:"$PORT" --workers 4 --log-level warning >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/api/v1/openapi.json" && break
  sleep 0.1
done

# Schemathesis keeps the failures it found (replayed first next time) in .schemathesis/ of the current
# folder: var/contract/, which git ignores.
mkdir -p var/contract
schemathesis="$PWD/$BIN/schemathesis"
run() {  # run LABEL SCHEMATHESIS-ARGUMENTS…
  echo "== Schemathesis: $1"
  shift
  (cd var/contract && "$schemathesis" run "http://127.0.0.1:$PORT/api/v1/openapi.json" \
    --checks not_a_server_error,response_schema_conformance \
    --workers "$WORKERS" --seed "${CONTRACT_SEED:-1}" --phases examples,coverage,fuzzing \
    --warnings off "$@") || status=$?
}
status=0
# Every operation, reads and writes, as the demonstration administrator.
run "administrator's key" --header "Authorization: Bearer $key" --max-examples "$EXAMPLES" "$@"
# The reads again without a key: the public view.
run "anonymous reads" --include-method GET --max-examples "$(( (EXAMPLES + 1) / 2 ))" "$@"
if [ "$status" -ne 0 ] && grep -q "Traceback\|Error" "$work/server.log"; then
  echo "== Server log"; cat "$work/server.log"
fi
exit "$status"
