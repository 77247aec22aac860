#!/usr/bin/env bash
# Copy the NixOS cases the tests and the README need from the shared corpus into examples/:
#   ../shared/corpus/nixos/remote-unlock-luks -> examples/nixos-remote-unlock
#   ../shared/corpus/nixos/btrfs-optin-state  -> examples/nixos-btrfs-optin
# Per case: initrd (the archive its build.sh packs from root/, byte-reproducible), expected.json
# and configuration.nix; the corpus README (which defines expected.json) as examples/CORPUS.md.
# root/ is not copied: the archive holds the same tree, and the tests read the archive.
#
#   bash scripts/sync-corpus.sh           copy (run after the shared corpus changed, then commit)
#   bash scripts/sync-corpus.sh --check   compare only: exit 1 and name each file that differs,
#                                         exit 3 when the shared corpus is not there
# The corpus is $UNITGRAPH_SHARED/corpus/nixos, else ../shared beside the repository, else
# ../shared beside the main checkout when this is a git worktree.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
mode=copy
[ "${1:-}" = --check ] && mode=check

. "$repo/scripts/find-shared.sh"
shared=$(find_shared corpus/nixos)
corpus="$shared/corpus/nixos"
if [ -z "$shared" ] || [ ! -d "$corpus" ]; then
  echo "sync-corpus: no shared corpus (looked for \$UNITGRAPH_SHARED, $repo/../shared and ../shared beside the main checkout)" >&2
  exit 3
fi

pairs=("remote-unlock-luks:nixos-remote-unlock" "btrfs-optin-state:nixos-btrfs-optin")
files=(initrd expected.json configuration.nix)
differ=0
compare_or_copy() { # src dest
  if [ "$mode" = check ]; then
    if ! cmp -s "$1" "$2"; then
      echo "differs: ${2#"$repo"/} (shared: $1)"
      differ=1
    fi
  else
    [ -f "$1" ] || { echo "sync-corpus: $1 is missing" >&2; exit 2; }
    mkdir -p "$(dirname "$2")"
    cp "$1" "$2"
    chmod u+w,a+r "$2"
  fi
}
for pair in "${pairs[@]}"; do
  case=${pair%%:*} example=${pair#*:}
  for f in "${files[@]}"; do compare_or_copy "$corpus/$case/$f" "$repo/examples/$example/$f"; done
done
compare_or_copy "$corpus/README.md" "$repo/examples/CORPUS.md"

if [ "$mode" = check ]; then
  if [ "$differ" -ne 0 ]; then
    echo "examples/ differs from $corpus: run bash scripts/sync-corpus.sh and commit" >&2
    exit 1
  fi
  echo "examples/ matches $corpus"
else
  echo "examples/ synced from $corpus"
fi
