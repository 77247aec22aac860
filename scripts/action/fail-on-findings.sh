#!/usr/bin/env bash
# Step 4 of action.yml (with fail-on-findings: true, when check exited 1): fail the job after the
# report was uploaded.
echo "::error title=unitgraph found errors::unitgraph check ${UNITGRAPH_SOURCE:-} found errors (see the code scanning alerts or the SARIF report)"
exit 1
