#!/usr/bin/env bash
# Runs the steps of action.yml (scripts/action/*.sh, exactly as its `run:` lines call them) the
# way GitHub runs a composite action: GITHUB_ACTION_PATH = the action's checkout, the working
# directory = a workspace, GITHUB_OUTPUT = a file the test reads back. Cases: a clean image
# (exit 0), an image with errors (exit 1, the step passes; fail-on-findings fails the job), a
# source that cannot be checked (exit 2: red), an empty and an unparsable report (red), a
# failing npm ci and a too old Node.js (red, with the reason).
#
#   bash scripts/test-action.sh          the check steps against this checkout's build (dist/)
#   bash scripts/test-action.sh --full   first installs a copy of the tracked files with the
#                                        real install step (npm ci + build), then runs every case
#                                        against that copy, as a fresh runner would
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
pass() { echo "test-action: ok: $1"; }
bad() { echo "test-action: FAILED: $1"; failures=$((failures + 1)); }

# the steps action.yml runs, in this order, and nothing else
steps=$(grep -o 'scripts/action/[a-z-]*\.sh' "$repo/action.yml" | tr '\n' ' ')
[ "$steps" = "scripts/action/install.sh scripts/action/check.sh scripts/action/fail-on-findings.sh " ] \
  && pass "action.yml runs install.sh, check.sh, fail-on-findings.sh" || bad "action.yml runs: $steps"
grep -q 'if: inputs.upload == .true. && steps.check.outputs.sarif-ok == .true.' "$repo/action.yml" \
  && pass "the upload runs only after a usable report" || bad "the upload step is not guarded by sarif-ok"

action=$repo
if [ "${1:-}" = --full ]; then
  action=$work/action
  mkdir -p "$action"
  (cd "$repo" && git ls-files -z | xargs -0 tar -cf - 2>/dev/null) | tar -xf - -C "$action"
  start=$(date +%s)
  if GITHUB_ACTION_PATH=$action bash "$action/scripts/action/install.sh" >"$work/install.out" 2>"$work/install.err"; then
    pass "install: npm ci + build in a fresh copy ($(( $(date +%s) - start )) s)"
  else
    bad "install failed:"; cat "$work/install.out" "$work/install.err" | tail -20
    exit 1
  fi
elif [ ! -f "$repo/dist/unitgraph.mjs" ]; then
  echo "dist/ is not built: run npm run build (or use --full)" >&2
  exit 2
fi

# run STEP with a fresh GITHUB_OUTPUT in a fresh workspace; sets rc, out (stdout+stderr), outputs
run_step() { # name script [env assignments...]
  local script=$1; shift
  rm -rf "$work/ws" && mkdir -p "$work/ws"
  : >"$work/github_output"
  (cd "$work/ws" && env GITHUB_ACTION_PATH="$action" GITHUB_OUTPUT="$work/github_output" GITHUB_WORKSPACE="$work/ws" "$@" \
     bash "$action/scripts/action/$script") >"$work/out" 2>&1
  rc=$?
  out=$(cat "$work/out")
  outputs=$(cat "$work/github_output")
}
has_output() { grep -qx "$1" <<<"$outputs"; }
has_line() { grep -qE "$1" <<<"$out"; }

clean=$repo/examples/nixos-btrfs-optin/initrd
broken=$work/broken-units
mkdir -p "$broken"
printf '[Unit]\nWants=needs-missing.service\n' >"$broken/default.target"
printf '[Unit]\nRequires=does-not-exist.service\n[Service]\nType=oneshot\nExecStart=/bin/true\n' >"$broken/needs-missing.service"

# success: exit 0, a valid report, the counts
run_step check.sh UNITGRAPH_SOURCE="$clean" UNITGRAPH_ARGS="--strict" UNITGRAPH_SARIF=report.sarif
if [ $rc -eq 0 ] && has_output exit-code=0 && has_output sarif-ok=true && has_output errors=0 && has_output sarif-file=report.sarif; then
  pass "success: exit 0, report written, outputs exit-code=0 errors=0"
else bad "success case: rc=$rc"; echo "$out"; echo "$outputs"; fi

# findings: exit 1 is a result (the step passes), fail-on-findings then fails the job
run_step check.sh UNITGRAPH_SOURCE="$broken" UNITGRAPH_SARIF=unitgraph.sarif
if [ $rc -eq 0 ] && has_output exit-code=1 && has_output sarif-ok=true && has_output errors=1; then
  pass "findings: the step passes with exit-code=1, errors=1"
else bad "findings case: rc=$rc"; echo "$out"; echo "$outputs"; fi
run_step fail-on-findings.sh UNITGRAPH_SOURCE="$broken"
[ $rc -eq 1 ] && has_line '^::error title=unitgraph found errors::' && pass "fail-on-findings: red, says errors were found" || { bad "fail-on-findings: rc=$rc"; echo "$out"; }

# args split on blanks
mkdir -p "$work/ws"
# (the remote-unlock example has one warning: --strict, on the second line, makes it exit 1)
run_step check.sh UNITGRAPH_SOURCE="$repo/examples/nixos-remote-unlock/initrd" UNITGRAPH_ARGS=$'--target initrd.target\n  --strict'
[ $rc -eq 0 ] && has_output exit-code=1 && has_output warnings=1 && pass "args split on blanks and lines (--target initrd.target / --strict)" || { bad "args: rc=$rc"; echo "$out"; }

# could not check (exit 2): red, the reason, no upload
run_step check.sh UNITGRAPH_SOURCE="$work/no-such-image.img"
if [ $rc -eq 2 ] && has_output exit-code=2 && ! has_output sarif-ok=true && has_line 'no such file or directory' \
   && has_line '^::error title=unitgraph could not check .*::unitgraph check exited 2: it could not check the source'; then
  pass "exit 2: red, with unitgraph's reason, nothing to upload"
else bad "exit 2 case: rc=$rc"; echo "$out"; echo "$outputs"; fi

# an empty report (the tool printed nothing and exited 0), an unparsable one, a crash as exit 1
run_step check.sh UNITGRAPH_SOURCE="$clean" UNITGRAPH_TEST_COMMAND=true
[ $rc -ne 0 ] && ! has_output sarif-ok=true && has_line '::unitgraph check exited 0 but wrote an empty SARIF report' \
  && pass "empty report: red" || { bad "empty report: rc=$rc"; echo "$out"; }
run_step check.sh UNITGRAPH_SOURCE="$clean" UNITGRAPH_TEST_COMMAND=echo
[ $rc -ne 0 ] && ! has_output sarif-ok=true && has_line '::unitgraph check exited 0 but .* is no usable SARIF report \(Unexpected token' \
  && pass "unparsable report: red" || { bad "unparsable report: rc=$rc"; echo "$out"; }
run_step check.sh UNITGRAPH_SOURCE="$clean" UNITGRAPH_TEST_COMMAND=false
[ $rc -ne 0 ] && has_output exit-code=1 && ! has_output sarif-ok=true && has_line 'exited 1 but wrote an empty SARIF report' \
  && pass "exit 1 without a report (a crash before any output): red" || { bad "exit 1 without report: rc=$rc"; echo "$out"; }

# a failing install: npm ci fails (a fake npm on PATH), or Node.js is too old
fake=$work/fakebin
mkdir -p "$fake"
printf '#!/bin/sh\necho "npm ERR! 404 Not Found" >&2\nexit 1\n' >"$fake/npm"
chmod +x "$fake/npm"
mkdir -p "$work/empty-action"
run_step install.sh PATH="$fake:$PATH" GITHUB_ACTION_PATH="$work/empty-action"
[ $rc -ne 0 ] && has_line '^::error title=unitgraph could not be installed::npm ci in .* failed \(exit 1\)' \
  && pass "install: a failing npm ci is a red step that says so" || { bad "failing install: rc=$rc"; echo "$out"; }
printf '#!/bin/sh\ncase "$1" in -p) echo 18;; --version) echo v18.19.0;; esac\n' >"$fake/node"
chmod +x "$fake/node"
run_step install.sh PATH="$fake:$PATH" GITHUB_ACTION_PATH="$work/empty-action"
[ $rc -ne 0 ] && has_line 'Node.js v18.19.0 is too old; unitgraph needs 20 or later' \
  && pass "install: Node.js 18 is a red step that says so" || { bad "old node: rc=$rc"; echo "$out"; }

if [ $failures -gt 0 ]; then
  echo "$failures case(s) failed" >&2
  exit 1
fi
echo "test-action: all cases passed"
