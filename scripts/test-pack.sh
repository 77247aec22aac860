#!/usr/bin/env bash
# The package as users get it: `npm pack` (which builds through `prepare`), the tarball's contents
# checked (what must be there, what must not, and its size), then installed into an empty
# directory with nothing else around and run there through npx: --version, check of a real NixOS
# initrd, and (when the page bundle ships) html.
#
# usage: scripts/test-pack.sh            (needs the npm registry for the dependencies)
#        KEEP=1 scripts/test-pack.sh     leaves the temporary directory for a look
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/unitgraph-pack.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then echo "test-pack: keeping $work"; else trap 'rm -rf "$work"' EXIT; fi
fail() { echo "test-pack: FAIL: $*" >&2; exit 1; }

cd "$repo"
version=$(node -p "require('./package.json').version")
npm pack --pack-destination "$work" --silent >"$work/pack.out" 2>"$work/pack.err" || { cat "$work/pack.err" >&2; fail "npm pack failed"; }
tgz="$work/$(tail -n 1 "$work/pack.out")"
[ -f "$tgz" ] || fail "npm pack did not say where the tarball is ($(cat "$work/pack.out"))"

# ---- what is in it
tar -tzf "$tgz" | sed 's|^package/||' | sort >"$work/files"
for need in package.json bin/unitgraph.js dist/unitgraph.mjs dist/cli/main.js dist/src/index.js README.md; do
  grep -qx "$need" "$work/files" || fail "the package lacks $need"
done
if [ -f dist/web/page.js ]; then
  grep -qx dist/web/page.js "$work/files" || fail "dist/web/page.js exists but is not packed (html and serve need it)"
fi
if grep -E '^(test|scripts|web|src|cli|examples|node_modules|artifacts|\.ci)/|\.tgz$|\.img$|\.cpuprofile$' "$work/files" >"$work/unwanted"; then
  fail "the package holds files it should not: $(head -n 5 "$work/unwanted" | tr '\n' ' ')"
fi
packed=$(stat -c %s "$tgz")
unpacked=$(tar -xzOf "$tgz" | wc -c)
files=$(wc -l <"$work/files")
echo "test-pack: $(basename "$tgz"): $files files, $((packed / 1024)) KiB packed, $((unpacked / 1024)) KiB unpacked"
echo "test-pack: largest: $(tar -tvzf "$tgz" | sort -k3 -n -r | head -n 3 | awk '{printf "%s (%d KiB) ", $6, $3 / 1024}')"
[ "$packed" -lt $((5 * 1024 * 1024)) ] || fail "the tarball is over 5 MiB"

# ---- installed alone, run through npx
mkdir "$work/app"
cd "$work/app"
npm install --no-audit --no-fund --silent "$tgz" >"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; fail "npm install of the tarball failed"; }
got=$(npx --no-install unitgraph --version)
[ "$got" = "$version" ] || fail "--version says '$got', package.json says '$version'"
set +e
npx --no-install unitgraph check "$repo/examples/nixos-remote-unlock/initrd" >"$work/check.out" 2>"$work/check.err"
code=$?
set -e
[ "$code" -le 1 ] || { cat "$work/check.err" >&2; fail "check exited $code"; }
check_code=$code
grep -q 'examples/nixos-remote-unlock/initrd: [0-9]* units, \(target\|boot plan start\) initrd.target' "$work/check.out" || { cat "$work/check.out" >&2; fail "check printed no summary"; }
# several sources: the installed bundle starts itself as its worker thread, which checks some of them
set +e
ex1="$repo/examples/nixos-remote-unlock/initrd" ex2="$repo/examples/nixos-btrfs-optin/initrd"
npx --no-install unitgraph check "$ex1" "$ex2" "$ex1" "$ex2" "$ex1" "$ex2" --jobs 2 --timings --format json >"$work/fleet.out" 2>"$work/fleet.err"
code=$?
set -e
[ "$code" -le 1 ] || { cat "$work/fleet.err" >&2; fail "check of six sources exited $code"; }
grep -q '^timing: 6 sources, 2 at once (the main thread and 1 worker thread, which checked [1-6])' "$work/fleet.err" || { cat "$work/fleet.err" >&2; fail "check of six sources checked none in a worker thread"; }
[ "$(node -e 'process.stdout.write(String(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).length))' "$work/fleet.out")" = 6 ] || fail "check of six sources did not print six reports"
if grep -qx dist/web/page.js "$work/files"; then
  npx --no-install unitgraph html "$repo/examples/nixos-remote-unlock/initrd" -o "$work/page.html" || fail "html failed"
  [ -s "$work/page.html" ] || fail "html wrote nothing"
fi
echo "test-pack: ok: unitgraph $got installed from the tarball alone; check exited $check_code: $(grep 'units, ' "$work/check.out"); $(grep -o '[0-9]* sources, 2 at once[^:]*' "$work/fleet.err")"
