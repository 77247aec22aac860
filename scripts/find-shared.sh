# Sourced by scripts/build-dracut-fixtures.sh and scripts/sync-corpus.sh (needs $repo, the checkout).
# find_shared PROBE: the shared directory that has PROBE inside (tools, corpus/nixos):
# $UNITGRAPH_SHARED, else ../shared beside the repository, else ../shared beside the main checkout
# when this is a git worktree; prints nothing when none has it.
find_shared() {
  if [ -n "${UNITGRAPH_SHARED:-}" ]; then echo "$UNITGRAPH_SHARED"; return; fi
  if [ -d "$repo/../shared/$1" ]; then (cd "$repo/../shared" && pwd); return; fi
  local common
  common=$(git -C "$repo" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)
  if [ -n "$common" ] && [ -d "$common/../../shared/$1" ]; then (cd "$common/../../shared" && pwd); return; fi
  echo ""
}
