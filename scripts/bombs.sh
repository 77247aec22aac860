#!/bin/sh
# Decompression bombs of issue 16, made with the real tools, and measured against the CLI.
#   scripts/bombs.sh make [DIR]      write DIR/{zeros,member}.{zstd,gzip,xz,lzma,lz4,bzip2}
#   scripts/bombs.sh measure [DIR]   run `unitgraph check` on each: exit code, seconds, peak RSS
#   (UNITGRAPH=path/to/bin/unitgraph.js: another build; BOMB_ARGS="--max-ratio 0": extra options)
# "zeros": 2.2 GiB of NUL bytes compressed (more than the 2 GiB maxBytes), no cpio at all.
# "member": a small valid archive (a unit directory, one unit), then a regular file member that
# claims 4 GiB - 1 bytes and brings 2.2 GiB of zeros. Nothing here is committed but this script.
set -eu
cmd=${1:-measure}
dir=${2:-/tmp/unitgraph-bombs}
bytes=${BOMB_BYTES:-2362232012}
here=$(cd "$(dirname "$0")/.." && pwd)

# one newc member: name, mode (octal), size, then the caller writes size data bytes and pads
newc() {
  name=$1 mode=$2 size=$3
  namesize=$((${#name} + 1))
  printf '070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%s\0' \
    1 "$mode" 0 0 1 0 "$size" 0 0 0 0 "$namesize" 0 "$name"
  pad=$(((4 - (110 + namesize) % 4) % 4))
  [ "$pad" -gt 0 ] && head -c "$pad" /dev/zero
  return 0
}

prefix() {
  unit='[Unit]
Description=x
[Service]
ExecStart=/bin/true
'
  newc etc 16877 0
  newc etc/systemd 16877 0
  newc etc/systemd/system 16877 0
  newc etc/systemd/system/x.service 33188 ${#unit}
  printf '%s' "$unit"
  pad=$(((4 - ${#unit} % 4) % 4))
  [ "$pad" -gt 0 ] && head -c "$pad" /dev/zero
  newc usr/lib/huge 33188 4294967295
}

tool() {
  case $1 in
    zstd) echo 'zstd -q -c -1' ;;
    gzip) echo 'gzip -c -9 -n' ;;
    xz) echo 'xz -c -0 -T1 --check=crc32' ;;
    lzma) echo 'lzma -c -0' ;;
    lz4) echo 'lz4 -l -c -q -1' ;;
    bzip2) echo 'bzip2 -c -1' ;;
  esac
}

formats='zstd gzip xz lzma lz4 bzip2'
case $cmd in
  make)
    mkdir -p "$dir"
    for f in $formats; do
      [ -s "$dir/zeros.$f" ] || head -c "$bytes" /dev/zero | $(tool "$f") > "$dir/zeros.$f"
      [ -s "$dir/member.$f" ] || { prefix; head -c "$bytes" /dev/zero; } | $(tool "$f") > "$dir/member.$f"
    done
    ls -l "$dir"
    ;;
  measure)
    printf '%-14s %10s %5s %8s %9s  %s\n' bomb bytes exit seconds 'RSS MiB' 'stderr'
    for kind in zeros member; do
      for f in $formats; do
        b="$dir/$kind.$f"
        [ -f "$b" ] || continue
        set +e
        /usr/bin/time -v -o "$dir/time.txt" node "${UNITGRAPH:-$here/bin/unitgraph.js}" check "$b" ${BOMB_ARGS:-} > /dev/null 2> "$dir/err.txt"
        rc=$?
        set -e
        secs=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$dir/time.txt")
        rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/time.txt")
        printf '%-14s %10s %5s %8s %9s  %s\n' "$kind.$f" "$(stat -L -c %s "$b")" "$rc" "$secs" "$((rss / 1024))" "$(head -c 150 "$dir/err.txt" | head -1)"
      done
    done
    ;;
esac
