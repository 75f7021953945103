#!/usr/bin/env bash
# Front-end libraries are fetched from the npm registry with their licences and
# committed under static/vendor/, so running the site never needs npm or a CDN.
# Re-run (make vendor) only to change a version; checksums in package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

LEAFLET=1.9.4
HTMX=2.0.11
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts "leaflet@$LEAFLET" "htmx.org@$HTMX" >/dev/null
cd - >/dev/null

rm -rf static/vendor/leaflet static/vendor/htmx
mkdir -p static/vendor/leaflet/images static/vendor/htmx
cp "$work/node_modules/leaflet/dist/leaflet.js" "$work/node_modules/leaflet/dist/leaflet.css" static/vendor/leaflet/
# The source map is not shipped; its reference would break collectstatic's manifest
# storage (MissingFileError) in the production build.
sed -i '/^\/\/# sourceMappingURL=/d' static/vendor/leaflet/leaflet.js
cp "$work/node_modules/leaflet/dist/images/"*.png static/vendor/leaflet/images/
cp "$work/node_modules/leaflet/LICENSE" static/vendor/leaflet/LICENSE
cp "$work/node_modules/htmx.org/dist/htmx.min.js" static/vendor/htmx/
cp "$work/node_modules/htmx.org/LICENSE" static/vendor/htmx/LICENSE
cp "$work/package-lock.json" static/vendor/package-lock.json
echo "leaflet $LEAFLET, htmx.org $HTMX → static/vendor/"
