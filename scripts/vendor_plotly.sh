#!/usr/bin/env bash
# Vendor plotly.js's official "basic" partial bundle (scatter, bar and pie traces) into
# static/vendor/plotly.min.js, the path every chart page loads.
#
# Why basic: our figures only use scatter (run and control charts, the reflection scatter) and bar
# (the cycles' track record) traces. The full bundle the plotly Python package ships is 4.8 MB
# (1.4 MB gzipped); basic draws the same figures at about a quarter of that.
#
# Why this version: it matches the plotly.js the plotly Python package emits (see its
# package_data/plotly.min.js banner), so figures built in Python mean what plotly.py says they mean.
# To move to a newer plotly.js, bump PLOTLY_JS_VERSION (and INTEGRITY: `npm view
# plotly.js-basic-dist-min@X dist.integrity`), run this script, check the chart pages and the
# browser tests, and keep the result in the repository. Nothing is fetched at run time.
#
# Needs npm (it uses `npm pack`, which downloads the tarball from the npm registry and checks it
# against the registry's integrity hash), tar and sha512sum.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGE=plotly.js-basic-dist-min
PLOTLY_JS_VERSION="${PLOTLY_JS_VERSION:-4.1.1}"
INTEGRITY="${INTEGRITY:-sha512-1oNF8PeQx2hv/y7tqEVWKD3JGwn/MGEMQ8mL9HUwsaqG9FGy/OU5FHUHvzqbqxN4mnwZGI9abTiE775C4kkjMQ==}"
DEST=static/vendor

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

tarball="$(cd "$work" && npm pack --silent "${PACKAGE}@${PLOTLY_JS_VERSION}")"
# npm checks the download against the registry's own hash; this checks the registry against ours.
actual="sha512-$(sha512sum "$work/$tarball" | cut -d' ' -f1 | xxd -r -p | base64 -w0)"
if [[ "$actual" != "$INTEGRITY" ]]; then
    echo "Integrity mismatch for ${PACKAGE}@${PLOTLY_JS_VERSION}: got $actual" >&2
    exit 1
fi
tar -xzf "$work/$tarball" -C "$work"

mkdir -p "$DEST"
cp "$work/package/plotly-basic.min.js" "$DEST/plotly.min.js"
# Two config defaults name Plotly's servers: the map outlines' CDN (topojsonURL; the basic bundle draws
# no maps) and Chart Studio's upload address (plotlyServerURL; its buttons are off). Point them at
# nothing outside, so the bundle we serve cannot load from another host whatever a figure asks for.
# rewrite PATTERN REPLACEMENT: an extended regex that must match exactly once.
rewrite() {
    local pattern="$1" replacement="$2"
    if [[ "$(grep -o -E "$pattern" "$DEST/plotly.min.js" | wc -l)" != 1 ]]; then
        echo "Expected exactly one match of $pattern in the bundle; check the rewrite for this version." >&2
        exit 1
    fi
    sed -i -E "s#${pattern}#${replacement}#" "$DEST/plotly.min.js"
}
rewrite 'topojsonURL:\{valType:"string",noBlank:!0,dflt:"[^"]*"\}' \
    'topojsonURL:{valType:"string",noBlank:!0,dflt:"/static/vendor/topojson/"}'
rewrite 'plotlyServerURL:\{valType:"string",dflt:"[^"]*"\}' 'plotlyServerURL:{valType:"string",dflt:""}'
cp "$work/package/LICENSE" "$DEST/plotly.LICENSE" 2>/dev/null || true
echo "${PACKAGE}@${PLOTLY_JS_VERSION} ${INTEGRITY}" >"$DEST/plotly.VERSION"

size=$(wc -c <"$DEST/plotly.min.js")
gz=$(gzip -9 -c "$DEST/plotly.min.js" | wc -c)
echo "Vendored ${PACKAGE}@${PLOTLY_JS_VERSION} into $DEST/plotly.min.js: ${size} bytes, ${gz} gzipped."
