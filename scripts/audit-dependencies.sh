#!/usr/bin/env bash
# Look up every pinned dependency (requirements/base.txt and dev.txt) in PyPI's vulnerability records with
# pip-audit, and fail when one has a known vulnerability. pip-audit lives in its own virtual environment
# under var/ so that it never changes the project's. The files are fully pinned: nothing is resolved or
# installed to audit them (--no-deps).
# PIP_AUDIT_SERVICE=osv uses the OSV database instead of PyPI's (both need the network).
set -euo pipefail
cd "$(dirname "$0")/.."
PIP_AUDIT_VERSION=2.10.1
venv=var/audit-venv
if [ ! -x "$venv/bin/pip-audit" ] || [ "$("$venv/bin/pip-audit" --version | cut -d' ' -f2)" != "$PIP_AUDIT_VERSION" ]; then
  python3 -m venv --clear "$venv"
  "$venv/bin/python" -m pip install --quiet "pip-audit==$PIP_AUDIT_VERSION"
fi
exec "$venv/bin/pip-audit" -r requirements/base.txt -r requirements/dev.txt --no-deps --progress-spinner off \
  --vulnerability-service "${PIP_AUDIT_SERVICE:-pypi}" --strict "$@"
