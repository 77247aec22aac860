#!/usr/bin/env bash
# Step 1 of action.yml: install and build unitgraph from the action's own checkout
# ($GITHUB_ACTION_PATH, the repository at the ref named in `uses:`), with exactly its lock:
# `npm ci` installs the locked tree and runs `prepare`, which is `npm run build` (dist/).
# Anything that goes wrong is a red step with one ::error line that says what.
set -uo pipefail
root=${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set (this runs as a step of action.yml)}
fail() {
  echo "::error title=unitgraph could not be installed::$1"
  exit 1
}
command -v node >/dev/null 2>&1 || fail "node is not on PATH; add actions/setup-node (Node.js 20 or later) before this action"
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
[ "$major" -ge 20 ] 2>/dev/null || fail "Node.js $(node --version 2>/dev/null) is too old; unitgraph needs 20 or later (actions/setup-node)"
command -v npm >/dev/null 2>&1 || fail "npm is not on PATH"
cd "$root" || fail "cannot enter the action's directory $root"
echo "installing unitgraph in $root (npm ci, then its prepare script builds dist/)"
npm ci --no-audit --no-fund >&2
code=$?
[ "$code" -eq 0 ] || fail "npm ci in $root failed (exit $code); see the npm output above"
[ -f "$root/dist/unitgraph.mjs" ] || fail "npm ci succeeded but did not build $root/dist/unitgraph.mjs (npm run build)"
echo "unitgraph $(node "$root/bin/unitgraph.js" --version) installed"
