#!/usr/bin/env bash
# Start Arrimage as in production — PostgreSQL, migrations, reference data, collected static files served
# by WhiteNoise, gunicorn — fetch pages through it, then stop it. Needs the local PostgreSQL started by
# scripts/postgres-start.sh (role arrimage). Used by CI; the README documents the same steps.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PORT=${SMOKE_PORT:-8765}
database=arrimage_smoke
export PGPASSWORD=arrimage
psql -q -h 127.0.0.1 -U arrimage -d postgres -c "DROP DATABASE IF EXISTS $database" -c "CREATE DATABASE $database"

export DJANGO_SETTINGS_MODULE=config.settings.prod
export ARRIMAGE_SECRET_KEY="smoke-$(head -c 48 /dev/urandom | base64 | tr -d '/+=')"
export ARRIMAGE_ALLOWED_HOSTS=arrimage.example,127.0.0.1
export ARRIMAGE_DB_NAME=$database ARRIMAGE_DB_USER=arrimage ARRIMAGE_DB_PASSWORD=arrimage ARRIMAGE_DB_HOST=127.0.0.1
export ARRIMAGE_EMAIL_HOST=localhost

$BIN/python manage.py check --deploy --fail-level WARNING
$BIN/python manage.py migrate --no-input -v 0
$BIN/python manage.py createcachetable
$BIN/python manage.py load_territories
$BIN/python manage.py load_demo >/dev/null
$BIN/python manage.py collectstatic --no-input -v 0

log=$(mktemp)
$BIN/gunicorn config.wsgi --bind 127.0.0.1:$PORT --workers 2 --access-logfile - >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 50); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break
  sleep 0.2
done

fetch() {  # fetch PATH EXPECTED_STATUS TEXT: through gunicorn, as behind a TLS proxy
  local body status
  body=$(mktemp)
  status=$(curl -s -o "$body" -w '%{http_code}' -H 'Host: arrimage.example' -H 'X-Forwarded-Proto: https' \
    "http://127.0.0.1:$PORT$1")
  if [ "$status" != "$2" ] || ! grep -q -- "$3" "$body"; then
    echo "FAILED: $1 answered $status (expected $2 with « $3 »)"; head -c 600 "$body"; echo; cat "$log"; exit 1
  fi
  rm -f "$body"
  echo "ok  $status $1"
}
fetch / 200 "Arrimage"
fetch /territoires/municipality:28005/ 200 "Saint-Zacharie"
fetch "/territoires/recherche/?q=st-zacharie" 200 "Saint-Zacharie"
fetch /api/v1/territories/mrc:28 200 '"Les Etchemins"'
fetch /territoires/region:99/ 404 "lang=\"fr-CA\""
fetch "/concertations/?territoire=region:03" 200 "Table de développement local de Beauport"
fetch "/organismes/?q=cdc+beauport" 200 "Corporation de développement communautaire de Beauport"
fetch /compte/connexion/ 200 "csrfmiddlewaretoken"
fetch "/api/v1/concertations?q=beauport" 200 'local de Beauport'
fetch /api/v1/people/999999 404 '"detail"'

css=$(grep -o '/static/css/arrimage\.[0-9a-f]*\.css' <(curl -s -H 'Host: arrimage.example' -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$PORT/"))
fetch "$css" 200 "Arrimage"
status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: arrimage.example' "http://127.0.0.1:$PORT/")
[ "$status" = 301 ] || { echo "FAILED: plain HTTP should redirect to HTTPS, got $status"; exit 1; }
echo "ok  301 http → https"
echo "Production run: all pages answered."
