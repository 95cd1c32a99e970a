#!/usr/bin/env bash
# Install the Debian packages Arrimage needs that this machine lacks, and only those.
#   scripts/system-packages.sh run    what `make run` needs (Python's venv, the PDF libraries and fonts)
#   scripts/system-packages.sh test   what `make test` needs (browser, fonts, gettext, PDF tools)
#   scripts/system-packages.sh ci     what CI needs (the test set, a PostgreSQL server, and nginx and Redis for
#                                     the scale-out test, which runs them as plain processes on private ports)
# Already installed packages are not touched, so a second run does nothing and takes no time.
set -euo pipefail

# WeasyPrint draws the PDF reports with Pango and HarfBuzz, in the Liberation and DejaVu fonts.
run_packages=(python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation fonts-dejavu-core)
test_packages=("${run_packages[@]}" chromium poppler-utils gettext)
ci_packages=("${test_packages[@]}" postgresql nginx redis-server openssl)

case "${1:-run}" in
  run) wanted=("${run_packages[@]}") ;;
  test) wanted=("${test_packages[@]}") ;;
  ci) wanted=("${ci_packages[@]}") ;;
  *) echo "usage: $0 run|test|ci" >&2; exit 2 ;;
esac

missing=()
for package in "${wanted[@]}"; do
  # A Python that is not Debian's (pyenv, a build from source) brings its own venv module.
  if [ "$package" = python3-venv ] && "${PYTHON:-python3}" -c 'import ensurepip, venv' 2>/dev/null; then
    continue
  fi
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Paquets Debian manquants / missing Debian packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "Installez-les avec / install them with: apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# No system service is needed: the tests start PostgreSQL (scripts/postgres-start.sh), nginx and Redis
# themselves. Unless the machine already has a policy, forbid the packages to start their services while
# they are installed (nginx's would take port 80, or fail the installation when another program has it).
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\n# Written by Arrimage scripts/system-packages.sh during an installation.\nexit 101\n' |
    "${sudo[@]}" tee /usr/sbin/policy-rc.d >/dev/null
  "${sudo[@]}" chmod 755 /usr/sbin/policy-rc.d
  trap '"${sudo[@]}" rm -f /usr/sbin/policy-rc.d' EXIT
fi
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq "${missing[@]}"
