#!/usr/bin/env bash
# Copy the built front-end libraries from node_modules into static/vendor, with their licences.
# Run after `npm install` when package.json changes (make vendor); the copies are committed.
set -euo pipefail
cd "$(dirname "$0")/.."
vendor=static/vendor
rm -rf "$vendor"
mkdir -p "$vendor/leaflet/images" "$vendor/htmx" "$vendor/axe-core" "$vendor/cytoscape"
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map node_modules/leaflet/dist/leaflet.css node_modules/leaflet/LICENSE "$vendor/leaflet/"
cp node_modules/leaflet/dist/images/*.png "$vendor/leaflet/images/"
cp node_modules/htmx.org/dist/htmx.min.js node_modules/htmx.org/LICENSE "$vendor/htmx/"
cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE "$vendor/axe-core/"
cp node_modules/cytoscape/dist/cytoscape.min.js node_modules/cytoscape/LICENSE "$vendor/cytoscape/"
{
  echo "# Vendored front-end libraries"
  echo
  echo "Built files copied from the npm registry packages by scripts/vendor.sh; each folder keeps its licence."
  echo
  echo "| package | version | licence | used for |"
  echo "|---|---|---|---|"
  for entry in "leaflet:maps" "htmx.org:partial page updates" "cytoscape:network graphs" "axe-core:accessibility checks in the browser tests"; do
    name=${entry%%:*}; use=${entry#*:}
    version=$(node -p "require('./node_modules/$name/package.json').version")
    licence=$(node -p "require('./node_modules/$name/package.json').license")
    echo "| $name | $version | $licence | $use |"
  done
} > "$vendor/README.md"
