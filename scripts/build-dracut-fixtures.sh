#!/usr/bin/env bash
# Build the real dracut initrd fixtures (never committed) into test/fixtures/build/dracut/ (git-ignored).
#
# usage: scripts/build-dracut-fixtures.sh [NAME...]      (run as root: dracut needs it, and it
#        FORCE=1 scripts/build-dracut-fixtures.sh          apt-installs dracut and the programs
#                                                          some images hold when missing)
#
# For every image NAME.img it also writes
#   NAME.root/         the image unpacked (every cpio segment, as the kernel would) — the oracle tree
#   NAME.oracle.json   what systemd itself loads from that tree (scripts/systemd-oracle.sh --json)
#   NAME.oracle.txt    the oracle's human-readable report (verify output, unit path, systemd --test log)
#   NAME.oracle-step2.json/.txt  the same for initrd-switch-root.target (step 2 of the boot plan)
#   NAME.info          how the image was made: arguments, build seconds, size, sha256
# Images that exist are kept (idempotent) unless FORCE=1 or their .info says they were made with
# other arguments or install_items (paths of the checkout aside); the unpacked tree and the oracle are
# redone when older than their image or than the oracle scripts. With NAME arguments only those
# images are considered. The fixture inputs (crypttab, fstab, broken/<rule>/root) live in
# test/fixtures/dracut/; see its README.md.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# the shared tools: $UNITGRAPH_SHARED, else ../shared beside the repository or the main checkout
. "$repo/scripts/find-shared.sh"
shared=$(find_shared tools)
tool=${shared:-$repo/../shared}/tools/dracut-initrd
fix=$repo/test/fixtures/dracut
out=$repo/test/fixtures/build/dracut
oracle=$repo/scripts/systemd-oracle.sh
parser=$repo/scripts/parse-systemd-dump.mjs
FORCE=${FORCE:-0}
only=" $* "
# the kernel command line the oracle gives the generators, per image (unitgraph's tests pass the same --cmdline)
declare -A oracle_cmdline=([cmdline-mask]="root=/dev/sda1 rd.systemd.mask=helper-daemon.service")
# programs an image's own units run that its dracut modules do not install, per image: dracut installs
# them with their libraries (its install_items, the files inst_multiple takes), from these packages
declare -A image_items=(
  [sshd-crypt]="/usr/sbin/sshd"                                      # dracut-sshd's sshd.service
  [nfs]="/usr/sbin/rpc.nfsd /usr/sbin/rpc.mountd /usr/sbin/exportfs"  # nfs-server/nfs-mountd.service
  [debian-alias]="/usr/sbin/rsyslogd"                                # rsyslog.service
)
declare -A item_package=([/usr/sbin/sshd]=openssh-server [/usr/sbin/rpc.nfsd]=nfs-kernel-server
  [/usr/sbin/rpc.mountd]=nfs-kernel-server [/usr/sbin/exportfs]=nfs-kernel-server [/usr/sbin/rsyslogd]=rsyslog)

die() { echo "build-dracut-fixtures: $*" >&2; exit 1; }
[ -x "$tool" ] || die "$tool not found (expected ../shared/tools/dracut-initrd next to the repository, or \$UNITGRAPH_SHARED)"
mkdir -p "$out"

summary=()
wanted() { [ "$only" = "  " ] || [[ $only == *" $1 "* ]]; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
mib() { awk -v s="$1" 'BEGIN { printf "%.2f", s / 1048576 }'; }

# ---- what the build needs from this machine: dracut itself (the tool apt-installs it, but does not
# wait for a dpkg lock held by another apt), plymouth, and the packages of image_items for the images
# about to be built, in one apt-get run where it can (CI installs them all from scratch).

# Packages' maintainer scripts must not start daemons on this machine (sshd, rsyslogd, nfsd): while
# apt-get runs, /usr/sbin/policy-rc.d says 101 (action forbidden) to invoke-rc.d and
# deb-systemd-invoke. A policy-rc.d already there (Docker images have one) is put back afterwards.
policy=/usr/sbin/policy-rc.d
forbid_daemons() {
  # a saved one left by a run that was killed outright means the one in place is ours
  if [ -e "$policy" ] && [ ! -e "$policy.unitgraph-saved" ]; then mv "$policy" "$policy.unitgraph-saved"; fi
  printf '#!/bin/sh\n# scripts/build-dracut-fixtures.sh (unitgraph): no daemon starts while it installs packages\nexit 101\n' >"$policy"
  chmod 0755 "$policy"
}
allow_daemons() {
  rm -f "$policy"
  if [ -e "$policy.unitgraph-saved" ]; then mv "$policy.unitgraph-saved" "$policy"; fi
}

# install_packages "PACKAGES WITH RECOMMENDS" "PACKAGES WITHOUT": root only, waits for the dpkg lock
install_packages() {
  local with=$1 without=$2 t0 i
  [ -n "$with$without" ] || return 0
  [ "$(id -u)" = 0 ] || die "missing packages: $with $without; only root can install them"
  export DEBIAN_FRONTEND=noninteractive
  trap allow_daemons EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  forbid_daemons
  t0=$(now)
  for i in $(seq 1 60); do
    # shellcheck disable=SC2086 # word lists of package names
    if apt-get -qq -o DPkg::Lock::Timeout=600 update >/dev/null 2>&1 &&
       { [ -z "$with" ] || apt-get -y -qq -o DPkg::Lock::Timeout=600 install $with >/dev/null; } &&
       { [ -z "$without" ] || apt-get -y -qq -o DPkg::Lock::Timeout=600 install --no-install-recommends $without >/dev/null; }; then
      break
    fi
    echo "build-dracut-fixtures: apt busy or failing, retrying in 10 s ($i/60)" >&2; sleep 10
  done
  allow_daemons
  trap - EXIT INT TERM
  echo "build-dracut-fixtures: installed $with $without in $(secs "$t0" "$(now)")s" >&2
}

# what .info records of how an image was made (its arguments and install_items), checkout paths dropped
recipe_of_info() { sed -n -e 's/^args=/args=/p' -e 's/^install_items=/install_items=/p' "$1" 2>/dev/null | sed 's|[^ =]*/test/fixtures/dracut/|fixtures/|g'; }
recipe_now() { { echo "args=$2"; [ -z "$1" ] || echo "install_items=$1"; } | sed 's|[^ =]*/test/fixtures/dracut/|fixtures/|g'; }

with_recommends='' without_recommends=''
if ! command -v dracut >/dev/null 2>&1 || ! command -v cryptsetup >/dev/null 2>&1; then
  with_recommends='dracut dracut-core dracut-network cryptsetup'
fi
command -v plymouthd >/dev/null 2>&1 || without_recommends=plymouth
# the image_items of images that will be (re)built (build() below installs any this misses)
for name in "${!image_items[@]}"; do
  wanted "$name" && { [ "$FORCE" = 1 ] || [ ! -s "$out/$name.img" ] ||
    [ "$(sed -n 's/^install_items=//p' "$out/$name.info" 2>/dev/null)" != "${image_items[$name]}" ]; } || continue
  for item in ${image_items[$name]}; do
    pkg=${item_package[$item]}
    [ -x "$item" ] || [[ " $without_recommends " == *" $pkg "* ]] || without_recommends+=" $pkg"
  done
done
install_packages "$with_recommends" "${without_recommends# }"
command -v dracut >/dev/null 2>&1 || die "could not install dracut"
[ "$(id -u)" = 0 ] || echo "build-dracut-fixtures: not root; dracut will probably fail" >&2

have_oracle=1
{ [ -x /usr/lib/systemd/systemd ] || [ -x /lib/systemd/systemd ]; } && command -v systemd-analyze >/dev/null &&
  command -v node >/dev/null || have_oracle=0
[ $have_oracle = 1 ] || echo "build-dracut-fixtures: systemd or node missing: no oracle JSON" >&2

# magic of the first compressed (or plain) segment -> decompressor
decompressor() {
  case "$(head -c 6 "$1" | od -An -tx1 | tr -d ' \n')" in
    1f8b*) echo "gzip -dc";;
    28b52ffd*) echo "zstd -dc";;
    fd377a585a00) echo "xz -dc";;
    02214c18*) echo "lz4 -dc";;
    5d00*) echo "xz --format=lzma -dc";;
    425a68*) echo "bzip2 -dc";;
    303730373031|303730373032) echo "cat";;
    *) return 1;;
  esac
}

# unpack every segment the way the kernel does: leading uncompressed cpio archive(s), then the
# (compressed) main archive; skipcpio drops the first archive and the NUL padding after it
unpack() {
  local img=$1 dest=$2 tmpd rest
  tmpd="$dest.tmp"; rm -rf "$tmpd"; mkdir -p "$tmpd"
  rest=$(mktemp "$out/.rest.XXXXXX")
  cp "$img" "$rest"
  while [[ $(head -c 6 "$rest" | tr -d '\0') == 07070[12] ]]; do
    (cd "$tmpd" && cpio -idm --no-absolute-filenames --quiet <"$rest")
    /usr/lib/dracut/skipcpio "$rest" >"$rest.next"
    if cmp -s "$rest" "$rest.next" || [ ! -s "$rest.next" ]; then rm -f "$rest.next"; : >"$rest"; break; fi
    mv "$rest.next" "$rest"
  done
  if [ -s "$rest" ]; then
    local dec; dec=$(decompressor "$rest") || { rm -rf "$tmpd" "$rest"; die "$img: unknown compression"; }
    $dec <"$rest" | (cd "$tmpd" && cpio -idm --no-absolute-filenames --quiet)
  fi
  rm -f "$rest"
  rm -rf "$dest"; mv "$tmpd" "$dest"
}

# the early cpio the kernel accepts in front of the image: uncompressed newc with
# kernel/x86/microcode/GenuineIntel.bin (what dracut makes when microcode files exist)
early_cpio() {
  local d; d=$(mktemp -d)
  mkdir -p "$d/kernel/x86/microcode"
  echo 1 >"$d/early_cpio"
  # a fake Intel microcode container: 48-byte header (version 1, revision 0x2b, date 2024-01-01,
  # signature 0x000906ea, loader 1, pf 0x02, data size 2000, total 2048) + zero payload
  { printf '\x01\x00\x00\x00\x2b\x00\x00\x00\x24\x20\x01\x01\xea\x06\x09\x00'
    printf '\x00\x00\x00\x00\x01\x00\x00\x00\x02\x00\x00\x00\xd0\x07\x00\x00'
    printf '\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00'
    head -c 2000 /dev/zero; } >"$d/kernel/x86/microcode/GenuineIntel.bin"
  find "$d" -exec touch -h -d @0 {} +
  (cd "$d" && find . -mindepth 1 | sed "s|^\./||" | LC_ALL=C sort | cpio -o -H newc --quiet --reproducible -R 0:0)
  rm -rf "$d"
}

# build NAME [dracut-initrd options...]
build() {
  local name=$1; shift
  wanted "$name" || return 0
  local img="$out/$name.img" info="$out/$name.info" t0 t1 took note=''
  local items=${image_items[$name]-} item missing=''
  if [ -s "$img" ] && [ "$FORCE" != 1 ]; then
    if [ "$(recipe_of_info "$info")" = "$(recipe_now "$items" "$*")" ]; then
      took=$(sed -n 's/^build_seconds=//p' "$info" 2>/dev/null || true)
      summary+=("$(printf '%-34s %10s bytes %6s MiB  build %5ss (cached)' "$name.img" "$(stat -c %s "$img")" "$(mib "$(stat -c %s "$img")")" "${took:-?}")")
      finish "$name"
      return 0
    fi
    echo "  $name.img was made otherwise (see $name.info): rebuilding" >&2
  fi
  for item in $items; do
    [ -x "$item" ] || [[ " $missing " == *" ${item_package[$item]} "* ]] || missing+=" ${item_package[$item]}"
  done
  install_packages '' "${missing# }"
  for item in $items; do [ -x "$item" ] || die "$name.img needs $item (package ${item_package[$item]})"; done
  echo "building $name.img ..." >&2
  t0=$(now)
  if [ "$name" = early-microcode ]; then
    "$tool" "$out/.$name.main.img" --early-microcode "$@" >/dev/null
    if [[ $(head -c 6 "$out/.$name.main.img" | tr -d '\0') == 07070[12] ]]; then
      note="early cpio: made by dracut"
      mv "$out/.$name.main.img" "$out/.$name.img"
    else
      note="early cpio: dracut --early-microcode added none (no microcode on this host); script prepended one"
      { early_cpio
        local n; n=$(early_cpio | wc -c)
        [ $((n % 4)) = 0 ] || head -c $((4 - n % 4)) /dev/zero   # NUL padding to 4 bytes
        cat "$out/.$name.main.img"; } >"$out/.$name.img"
      rm -f "$out/.$name.main.img"
    fi
  else
    # dracut takes its configuration variables from the environment it starts in (dracut.sh sources
    # its conf files into it and never clears install_items); the tool has no --install option
    install_items="$items" "$tool" "$out/.$name.img" "$@" >/dev/null
  fi
  t1=$(now); took=$(secs "$t0" "$t1")
  chmod 0644 "$out/.$name.img"
  mv "$out/.$name.img" "$img"
  { echo "args=$*"; [ -z "$items" ] || echo "install_items=$items"; echo "build_seconds=$took"; echo "size=$(stat -c %s "$img")"
    echo "sha256=$(sha256sum "$img" | cut -d' ' -f1)"; [ -z "$note" ] || echo "note=$note"; } >"$info"
  summary+=("$(printf '%-34s %10s bytes %6s MiB  build %5ss' "$name.img" "$(stat -c %s "$img")" "$(mib "$(stat -c %s "$img")")" "$took")")
  [ -z "$note" ] || echo "  $name: $note" >&2
  rm -rf "$out/$name.root"   # stale tree
  finish "$name"
}

finish() {
  local name=$1 img="$out/$1.img" root="$out/$1.root" t0
  if [ ! -d "$root" ] || [ "$img" -nt "$root" ]; then
    t0=$(now); unpack "$img" "$root"
    echo "  unpacked $name.root in $(secs "$t0" "$(now)")s" >&2
  fi
  [ $have_oracle = 1 ] || return 0
  local json="$out/$name.oracle.json"
  if [ "$FORCE" = 1 ] || [ ! -s "$json" ] || [ "$root" -nt "$json" ] || [ "$oracle" -nt "$json" ] || [ "$parser" -nt "$json" ]; then
    "$oracle" --json "$json" ${oracle_cmdline[$name]+--cmdline "${oracle_cmdline[$name]}"} "$root" >"$out/$name.oracle.txt" 2>&1 ||
      echo "  $name: oracle failed, see $out/$name.oracle.txt" >&2
  fi
  # step 2 of the boot plan: what systemd enqueues for initrd-switch-root.target
  local json2="$out/$name.oracle-step2.json"
  if [ "$FORCE" = 1 ] || [ ! -s "$json2" ] || [ "$root" -nt "$json2" ] || [ "$oracle" -nt "$json2" ] || [ "$parser" -nt "$json2" ]; then
    "$oracle" --json "$json2" ${oracle_cmdline[$name]+--cmdline "${oracle_cmdline[$name]}"} "$root" initrd-switch-root.target >"$out/$name.oracle-step2.txt" 2>&1 ||
      echo "  $name: step-2 oracle failed, see $out/$name.oracle-step2.txt" >&2
  fi
}

# ---- the images --------------------------------------------------------------------------------
base_modules="systemd systemd-initrd dracut-systemd base"
build zstd
# crypttab's cryptdata is unlocked with /etc/keys/data.key: the image holds it (a fixture key)
build gzip-crypt --compress gzip --modules "$base_modules crypt" \
  --crypttab "$fix/crypttab" --fstab "$fix/fstab" --include "$fix/data.key" /etc/keys/data.key
# dracut-sshd's sshd.service, and /usr/sbin/sshd with its libraries (image_items)
build sshd-crypt --compress gzip --modules "$base_modules crypt" \
  --crypttab "$fix/sshd-crypt/crypttab" --fstab "$fix/sshd-crypt/fstab" --include "$fix/sshd-crypt/root" /
build xz --compress xz
build lz4 --compress lz4
build early-microcode
# the biggest realistic image this Debian dracut makes without a kernel (~19.7 MiB zstd, 600 files);
# multipath, btrfs, cifs, nvmf, fcoe, plymouth, dbus-broker, resolved, tpm2 are not installable here
build big --modules "$base_modules bash crypt dm lvm mdraid network-legacy network i18n rootfs-block \
fs-lib udev-rules terminfo rescue resume dbus-daemon dbus systemd-repart crypt-loop kernel-modules qemu \
overlayfs systemd-sysusers systemd-veritysetup systemd-integritysetup usrmount shutdown"
# what real images hold that the default modules do not (each with its README in test/fixtures/dracut/<name>/):
# plymouth's units (plymouth-start.service linked into initrd-switch-root.target.wants on purpose);
# nfs-utils' server units (nfs-idmapd/nfs-mountd BindsTo=nfs-server and ordered before it) and the
# programs they run (image_items); Debian's `systemctl enable` aliases
# (/etc/systemd/system/syslog.service -> /lib/systemd/system/rsyslog.service, with rsyslogd from
# image_items; a dangling sshd.service); a unit masked on the kernel command line (the oracle runs with
# rd.systemd.mask=, see oracle_cmdline); a service with PrivateTmp=yes (systemd 252's implicit dependencies)
build plymouth --modules "$base_modules plymouth"
build nfs --modules "$base_modules network nfs" --include "$fix/nfs/root" /
build debian-alias --include "$fix/debian-alias/root" /
build cmdline-mask --include "$fix/cmdline-mask/root" /
build privatetmp --include "$fix/privatetmp/root" /
for rule in ordering-cycle default-deps-cycle missing-unit masked-required missing-template \
            device-name-mismatch leaks-into-switch-root bindsto-without-after unknown-directive wrong-section; do
  [ -d "$fix/broken/$rule/root" ] || die "missing $fix/broken/$rule/root"
  build "broken-$rule" --include "$fix/broken/$rule/root" /
done

echo "== $out"
printf '%s\n' "${summary[@]}"
