#!/usr/bin/env bash
# Step 2 of action.yml: `unitgraph check SOURCE ARGS --format sarif > SARIF_FILE`.
# Exit 0 (no errors) and 1 (errors found) are results: the step passes and writes them to
# $GITHUB_OUTPUT (exit-code, sarif-file, errors, warnings, notes). Any other exit (2: could not
# check the source; a crash) and a SARIF file that is empty or not SARIF 2.1.0 mean nothing was
# checked: the step is red, with one ::error line that says why, and no report is uploaded.
# Inputs come from the environment: UNITGRAPH_SOURCE, UNITGRAPH_ARGS (split on blanks),
# UNITGRAPH_SARIF. UNITGRAPH_TEST_COMMAND replaces the unitgraph command (scripts/test-action.sh).
set -uo pipefail
root=${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set (this runs as a step of action.yml)}
out=${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}
source=${UNITGRAPH_SOURCE:?the input source is empty}
sarif=${UNITGRAPH_SARIF:-unitgraph.sarif}
fail() {
  echo "::error title=unitgraph could not check ${source}::$1"
  exit "${2:-1}"
}
if [ -n "${UNITGRAPH_TEST_COMMAND:-}" ]; then
  read -r -a cmd <<<"$UNITGRAPH_TEST_COMMAND"
else
  cmd=(node "$root/bin/unitgraph.js")
fi
read -r -d "" -a args <<<"${UNITGRAPH_ARGS:-}" || true # every line: args: may be a YAML block
"${cmd[@]}" check "$source" "${args[@]}" --format sarif >"$sarif"
code=$?
echo "exit-code=$code" >>"$out"
echo "sarif-file=$sarif" >>"$out"
if [ "$code" -ne 0 ] && [ "$code" -ne 1 ]; then
  fail "unitgraph check exited $code: it could not check the source (its one-line reason is above)" "$code"
fi
[ -s "$sarif" ] || fail "unitgraph check exited $code but wrote an empty SARIF report to $sarif"
counts=$(node -e '
  const fs = require("fs");
  let log;
  try { log = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); } catch (e) { console.log("unparsable: " + e.message.split("\n")[0]); process.exit(0); }
  const run = log && log.version === "2.1.0" && Array.isArray(log.runs) ? log.runs[0] : undefined;
  if (!run || !Array.isArray(run.results)) { console.log("unparsable: not a SARIF 2.1.0 log with one run"); process.exit(0); }
  const n = (l) => run.results.filter((r) => r.level === l).length;
  console.log(`ok ${n("error")} ${n("warning")} ${n("note")}`);
' "$sarif")
case "$counts" in
  ok\ *) ;;
  *) fail "unitgraph check exited $code but $sarif is no usable SARIF report (${counts#unparsable: })" ;;
esac
read -r _ errors warnings notes <<<"$counts"
{ echo "errors=$errors"; echo "warnings=$warnings"; echo "notes=$notes"; echo "sarif-ok=true"; } >>"$out"
if [ "$code" -eq 1 ] && [ "$errors" -eq 0 ] && [ "$warnings" -eq 0 ]; then
  fail "unitgraph check exited 1 but its report holds no error or warning"
fi
echo "unitgraph check $source: exit $code ($errors errors, $warnings warnings, $notes notes), report in $sarif"
