#!/usr/bin/env bash
# `npm test`: the whole suite, in the order that fails fastest. Typecheck (src must stay pure:
# no DOM, no Node), build the web app, then Vitest's three projects: unit, gpu (Dawn), e2e (Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-system-deps.sh

echo "== build the wasm kernels"
node scripts/build-wasm.mjs
echo "== typecheck src/ (no DOM, no Node)"
tsc -p tsconfig.src.json
echo "== typecheck server/, corpora/, tests/"
tsc -p tsconfig.json
echo "== typecheck web/"
svelte-check --tsconfig ./tsconfig.web.json --fail-on-warnings --output human
echo "== build web/"
vite build --config web/vite.config.ts --logLevel warn
echo "== vitest: unit, gpu, e2e"
vitest run
