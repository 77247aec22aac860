#!/usr/bin/env bash
# What systemd itself loads from an unpacked initrd (or any root) tree: the oracle for unitgraph.
#
# usage: scripts/systemd-oracle.sh [--json FILE] [--dump FILE] [--cmdline "root=... rd.luks=..."]
#                                  [--no-generators] [--keep] [--quiet] ROOTDIR [TARGET]
#
# TARGET defaults to initrd.target when ROOTDIR/etc/initrd-release exists (that file is also what
# makes systemd believe it runs in an initrd, so SYSTEMD_IN_INITRD=1 is set then), else default.target.
#
# (a) SYSTEMD_IN_INITRD=1 systemd-analyze verify --root=ROOTDIR --man=no TARGET
#     (exit code and output; verify follows symlinks inside --root but runs no generators)
# (b) the unit search path: `systemd-analyze unit-paths` of this systemd, each entry looked up
#     below ROOTDIR (unit-paths itself refuses --root in systemd 252)
# (c) systemd --test --system --unit=TARGET --no-pager, run as uid/gid 65534 (it refuses root),
#     with SYSTEMD_UNIT_PATH set to the tree's unit directories. Because systemd --test has no
#     --root, absolute symlinks in the tree (e.g. etc/systemd/system/default.target ->
#     /lib/systemd/system/initrd.target) would be followed on the *host*. So the unit directories
#     are first mirrored into a temporary directory with every symlink re-pointed inside the tree
#     (links to /dev/null stay masks); units are then reported by their real path in the tree
#     (usr/lib/systemd/system/x.service even where systemd's search order says /lib/...).
#     Generators: systemd --test would run the host's generators against the host's /etc/fstab and
#     /proc/cmdline, and their output would not be in SYSTEMD_UNIT_PATH anyway. So it runs none
#     (SYSTEMD_GENERATOR_PATH=empty dir); instead this script runs, as 65534, the host's copy of each
#     generator the tree ships among systemd-fstab-generator, systemd-cryptsetup-generator and
#     systemd-debug-generator, fed with the tree's etc/fstab and etc/crypttab (SYSTEMD_FSTAB,
#     SYSTEMD_CRYPTTAB), SYSTEMD_SYSROOT_FSTAB=nonexistent and SYSTEMD_PROC_CMDLINE=--cmdline
#     (default empty), with the image's PATH (its usr/local/sbin ... bin, mirrored from the tree)
#     and, as root, chrooted in a private mount namespace with a fresh /run and no container
#     markers (see "generators" below), and puts their output at run/systemd/generator{.early,,.late}
#     of the mirror, where systemd would. Other generators (dracut-rootfs-generator, gpt-auto, ...) are listed as
#     skipped. This is faithful for Debian dracut images, whose generators are the host's own files.
#     systemd --test still enumerates the host's /proc/self/mountinfo; such units are marked
#     "host": true in the JSON.
#
# --json FILE  write the parsed oracle (scripts/parse-systemd-dump.mjs) plus verify, unitPath,
#              generators and the command line; all paths relative to ROOTDIR.
# --dump FILE  keep the raw dump of systemd --test.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
json_out='' dump_out='' cmdline='' generators=1 keep=0 quiet=0
die() { echo "systemd-oracle: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --json) json_out=${2:?}; shift 2;;
    --dump) dump_out=${2:?}; shift 2;;
    --cmdline) cmdline=${2?}; shift 2;;
    --no-generators) generators=0; shift;;
    --keep) keep=1; shift;;
    --quiet) quiet=1; shift;;
    -h|--help) sed -n '2,6p' "$0"; exit 0;;
    --*) die "unknown option $1";;
    *) break;;
  esac
done
[ $# -ge 1 ] && [ $# -le 2 ] || die "usage: systemd-oracle.sh [options] ROOTDIR [TARGET]"
[ -d "$1" ] || die "$1: not a directory"
root=$(realpath "$1")
initrd=0
if [ -e "$root/etc/initrd-release" ] || [ -L "$root/etc/initrd-release" ]; then initrd=1; fi
target=${2:-$([ $initrd = 1 ] && echo initrd.target || echo default.target)}

systemd_bin=''
for c in /usr/lib/systemd/systemd /lib/systemd/systemd; do [ -x "$c" ] && { systemd_bin=$c; break; }; done
command -v systemd-analyze >/dev/null || die "systemd-analyze not found (install systemd)"
[ -n "$systemd_bin" ] || die "systemd binary not found (install systemd)"
command -v node >/dev/null || die "node not found"

if [ "$(id -u)" = 0 ]; then
  if command -v setpriv >/dev/null; then as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  else as_nobody=(runuser -u nobody --); fi
else
  as_nobody=()
fi

tmp=$(mktemp -d /tmp/systemd-oracle.XXXXXX)
[ $keep = 1 ] && echo "systemd-oracle: keeping $tmp" >&2 || trap 'rm -rf "$tmp" "$tmp.newroot"' EXIT
chmod 755 "$tmp"
mkdir -p "$tmp/root" "$tmp/empty"
clean_env=(env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8
  SYSTEMD_LOG_COLOR=0 SYSTEMD_IN_INITRD=$initrd)

# ---- (a) verify --------------------------------------------------------------------------------
verify_cmd=(systemd-analyze verify --root="$root" --man=no "$target")
verify_rc=0
"${clean_env[@]}" "${verify_cmd[@]}" >"$tmp/verify.txt" 2>&1 || verify_rc=$?

# ---- (b) unit search path, mirrored ------------------------------------------------------------
"${clean_env[@]}" systemd-analyze unit-paths >"$tmp/unit-paths.txt"

# The helper chases every path inside ROOT (absolute link targets are taken relative to ROOT),
# mirrors the unit directories into $tmp/root with their symlinks re-pointed, and reports:
#   unitdir<TAB>REL      a directory for SYSTEMD_UNIT_PATH, in search order (REL inside the mirror)
#   generator<TAB>NAME<TAB>REL   a generator shipped by the tree (first of each name wins)
#   tab<TAB>fstab|crypttab<TAB>REL   the tree's etc/fstab, etc/crypttab (real path)
node --input-type=module - "$root" "$tmp/root" "$tmp/unit-paths.txt" "$tmp/unitpath.json" >"$tmp/layout.txt" <<'EOF'
import fs from 'node:fs';
import path from 'node:path';
const [root, mirror, pathsFile, outJson] = process.argv.slice(2);
const P = path.posix;
function chase(rel) {
  let parts = rel.split('/').filter((p) => p && p !== '.');
  let done = [];
  let hops = 0;
  while (parts.length) {
    const p = parts.shift();
    if (p === '..') { done.pop(); continue; }
    const cur = path.join(root, ...done, p);
    let st;
    try { st = fs.lstatSync(cur); } catch { return { rel: P.normalize([...done, p, ...parts].join('/') || '.'), exists: false }; }
    if (st.isSymbolicLink()) {
      if (++hops > 64) return { rel: [...done, p, ...parts].join('/'), exists: false };
      const t = fs.readlinkSync(cur);
      if (t.startsWith('/')) done = [];
      parts = [...t.split('/').filter((x) => x && x !== '.'), ...parts];
      continue;
    }
    done.push(p);
  }
  return { rel: done.join('/'), exists: true };
}
const isDir = (rel) => { try { return fs.statSync(path.join(root, rel)).isDirectory(); } catch { return false; } };
const GEN = new Set(['/run/systemd/generator.early', '/run/systemd/generator', '/run/systemd/generator.late']);
const lines = fs.readFileSync(pathsFile, 'utf8').split('\n').filter(Boolean);
const table = [];
const seen = new Set();
const mirrored = [];
for (const p of lines) {
  if (GEN.has(p)) { table.push({ path: p, status: 'generator', dir: p.slice(1) }); continue; }
  const c = chase(p);
  if (!c.exists || !isDir(c.rel)) { table.push({ path: p, status: 'absent' }); continue; }
  if (seen.has(c.rel)) { table.push({ path: p, status: 'duplicate', dir: c.rel }); continue; }
  seen.add(c.rel);
  mirrored.push(c.rel);
  table.push({ path: p, status: 'present', dir: c.rel });
}
const inMirror = (rel) => mirrored.some((d) => rel === d || rel.startsWith(d + '/'));
function copyTree(rel) {
  const src = path.join(root, rel);
  const dst = path.join(mirror, rel);
  fs.mkdirSync(dst, { recursive: true });
  for (const e of fs.readdirSync(src, { withFileTypes: true })) {
    const r = P.join(rel, e.name);
    if (e.isSymbolicLink()) {
      const t = fs.readlinkSync(path.join(root, r));
      const abs = t.startsWith('/') ? P.normalize(t) : P.normalize('/' + P.join(rel, t));
      let dest;
      if (abs === '/dev/null') dest = '/dev/null';
      else {
        const d = chase(P.dirname(abs));
        const target = P.join(d.rel, P.basename(abs));
        dest = inMirror(d.rel) ? path.join(mirror, target) : path.join(root, target);
      }
      fs.symlinkSync(dest, path.join(mirror, r));
    } else if (e.isDirectory()) copyTree(r);
    else if (e.isFile()) fs.copyFileSync(path.join(root, r), path.join(mirror, r));
  }
}
for (const d of mirrored) if (!fs.existsSync(path.join(mirror, d))) copyTree(d);
for (const t of table) {
  if (t.status === 'present' || t.status === 'generator') process.stdout.write(`unitdir\t${t.dir}\n`);
}
const gens = new Map();
for (const g of ['etc/systemd/system-generators', 'run/systemd/system-generators',
  'usr/local/lib/systemd/system-generators', 'lib/systemd/system-generators', 'usr/lib/systemd/system-generators']) {
  const c = chase(g);
  if (!c.exists || !isDir(c.rel)) continue;
  for (const n of fs.readdirSync(path.join(root, c.rel)).sort()) if (!gens.has(n)) gens.set(n, P.join(c.rel, n));
}
for (const [n, r] of gens) process.stdout.write(`generator\t${n}\t${r}\n`);
for (const f of ['fstab', 'crypttab']) {
  const c = chase('etc/' + f);
  if (c.exists) process.stdout.write(`tab\t${f}\t${c.rel}\n`);
}
// the image's $PATH for the generators (fsck_exists() looks up fsck and fsck.<type> there): each
// directory of systemd's compiled-in default PATH, chased inside the tree, mirrored with links to
// the real files (an absolute link inside the tree must not land on the host's binary)
const pathMirror = path.join(path.dirname(mirror), 'path');
['usr/local/sbin', 'usr/local/bin', 'usr/sbin', 'usr/bin', 'sbin', 'bin'].forEach((d, i) => {
  const out = path.join(pathMirror, String(i));
  fs.mkdirSync(out, { recursive: true });
  process.stdout.write(`pathdir\t${out}\n`);
  const c = chase(d);
  if (!c.exists || !isDir(c.rel)) return;
  for (const n of fs.readdirSync(path.join(root, c.rel)).sort()) {
    const f = chase(P.join(c.rel, n));
    if (!f.exists) continue;
    let st;
    try { st = fs.statSync(path.join(root, f.rel)); } catch { continue; }
    if (st.isFile() && (st.mode & 0o111) !== 0) fs.symlinkSync(path.join(root, f.rel), path.join(out, n));
  }
});
fs.writeFileSync(outJson, JSON.stringify(table.map(({ path: p, status, dir }) => ({ path: p, status, ...(dir ? { dir } : {}) }))));
EOF

unitdirs=() fstab="$tmp/no-fstab" crypttab="$tmp/no-crypttab" gen_found=() pathdirs=()
declare -A gen_rel=()
while IFS=$'\t' read -r kind a b; do
  case "$kind" in
    unitdir) unitdirs+=("$tmp/root/$a");;
    generator) gen_found+=("$a"); gen_rel[$a]=$b;;
    pathdir) pathdirs+=("$a");;
    tab) if [ "$a" = fstab ]; then fstab="$root/$b"; else crypttab="$root/$b"; fi;;
  esac
done <"$tmp/layout.txt"

# ---- generators (the host's copies of the ones the tree ships) --------------------------------
# They run as 65534 with the image's PATH (mirrored above), not the host's, so fsck_exists() sees
# the image's fsck. As root they run in a private mount namespace, chrooted into a root made of
# the host's /usr, /etc, /dev, /proc, /sys, a fresh /run (with /run/systemd writable by 65534:
# the crypttab generator creates /run/systemd/cryptsetup for a key on another device, and drops
# the volume when it cannot) and no /.dockerenv or /run/.containerenv: detect_container() would
# otherwise say "container" on a CI host and fstab-generator drop every swap entry. The tree, the
# mirror and the output directories are bound in at their own paths. Without root (or unshare)
# they run on the host as before, and the JSON says so (generators.isolated: false).
gdir="$tmp/root/run/systemd/generator"
mkdir -p "$gdir" "$gdir.early" "$gdir.late"
[ "$(id -u)" = 0 ] && chown 65534:65534 "$gdir" "$gdir.early" "$gdir.late"
gen_ran=() gen_skipped=()
: >"$tmp/generators.log"
gen_path=$(IFS=:; echo "${pathdirs[*]}")
isolated=0
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null && command -v chroot >/dev/null &&
   unshare --mount --propagation private true 2>/dev/null; then
  isolated=1
fi
# run_generator BIN: the generator as 65534 with the environment below, isolated where possible
run_generator() {
  local bin=$1 envs=(SYSTEMD_PROC_CMDLINE="$cmdline" SYSTEMD_EFI_OPTIONS= SYSTEMD_FSTAB="$fstab"
    SYSTEMD_SYSROOT_FSTAB="$tmp/no-sysroot-fstab" SYSTEMD_CRYPTTAB="$crypttab" SYSTEMD_LOG_TARGET=console)
  local run=(env -i PATH="$gen_path" LANG=C.UTF-8 SYSTEMD_LOG_COLOR=0 SYSTEMD_IN_INITRD=$initrd "${envs[@]}"
    "$bin" "$gdir" "$gdir.early" "$gdir.late")
  if [ $isolated = 0 ]; then "${as_nobody[@]}" "${run[@]}"; return; fi
  local nr="$tmp.newroot"   # beside $tmp, not in it: $tmp itself is bound into it
  mkdir -p "$nr"
  ORACLE_NR=$nr ORACLE_ROOT=$root ORACLE_TMP=$tmp unshare --mount --propagation private -- /bin/sh -c '
    set -e
    nr=$ORACLE_NR
    mkdir -p "$nr/usr" "$nr/etc" "$nr/dev" "$nr/proc" "$nr/sys" "$nr/run" "$nr/tmp"
    for d in usr etc dev sys proc; do mount --rbind "/$d" "$nr/$d"; done
    for l in bin sbin lib lib32 lib64 libx32; do
      if [ -L "/$l" ]; then ln -sfn "$(readlink "/$l")" "$nr/$l"; elif [ -d "/$l" ]; then mkdir -p "$nr/$l"; mount --rbind "/$l" "$nr/$l"; fi
    done
    mount -t tmpfs -o mode=0755 tmpfs "$nr/run"
    mkdir -p "$nr/run/systemd"; chown 65534:65534 "$nr/run/systemd"
    chmod 1777 "$nr/tmp"
    for p in "$ORACLE_ROOT" "$ORACLE_TMP"; do mkdir -p "$nr$p"; mount --bind "$p" "$nr$p"; done
    exec chroot "$nr" "$@"' oracle-generator "${as_nobody[@]}" "${run[@]}"
}
for g in "${gen_found[@]}"; do
  bin=''
  case "$g" in
    systemd-fstab-generator|systemd-cryptsetup-generator|systemd-debug-generator)
      for c in "/usr/lib/systemd/system-generators/$g" "/lib/systemd/system-generators/$g"; do
        [ -x "$c" ] && { bin=$c; break; }
      done;;
  esac
  if [ $generators = 0 ] || [ -z "$bin" ] || [ "$(readlink -f "$root/${gen_rel[$g]}")" = /dev/null ]; then
    gen_skipped+=("$g"); continue
  fi
  rc=0
  run_generator "$bin" 2>>"$tmp/generators.log" || rc=$?
  [ $rc = 0 ] || echo "$g exited with $rc" >>"$tmp/generators.log"
  gen_ran+=("$g")
done

# ---- (c) systemd --test ------------------------------------------------------------------------
unit_path=$(IFS=:; echo "${unitdirs[*]}")
test_cmd=("${clean_env[@]}" SYSTEMD_UNIT_PATH="$unit_path" SYSTEMD_GENERATOR_PATH="$tmp/empty"
  SYSTEMD_ENVIRONMENT_GENERATOR_PATH="$tmp/empty" SYSTEMD_PROC_CMDLINE="$cmdline" SYSTEMD_EFI_OPTIONS=
  "$systemd_bin" --test --system --unit="$target" --no-pager)
test_rc=0
"${as_nobody[@]}" "${test_cmd[@]}" >"$tmp/dump.txt" 2>"$tmp/stderr.txt" || test_rc=$?
[ -n "$dump_out" ] && cp "$tmp/dump.txt" "$dump_out"
# Again at debug level, for what systemd decides while building the transaction but logs only at
# debug level: "X: Cannot add dependency job, ignoring: Unit Y not found / is masked / ..." (in
# systemd 252 a unit pulled in by Wants= keeps its start job although its Requires= failed;
# systemd >= 254 drops it, PR #27852).
"${as_nobody[@]}" "${test_cmd[@]:0:${#clean_env[@]}}" SYSTEMD_LOG_LEVEL=debug "${test_cmd[@]:${#clean_env[@]}}" \
  2>&1 >/dev/null | grep -E 'Cannot add dependency job|ordering cycle|Found dependency on|Refusing|Unknown key|Unknown section' |
  LC_ALL=C sort -u >"$tmp/transaction.txt" || true

# ---- JSON --------------------------------------------------------------------------------------
printf '%s\n' "${gen_ran[@]+"${gen_ran[@]}"}" >"$tmp/gen-ran.txt"
printf '%s\n' "${gen_skipped[@]+"${gen_skipped[@]}"}" >"$tmp/gen-skipped.txt"
command_line="${as_nobody[*]+${as_nobody[*]} }${test_cmd[*]}"
ORACLE_ROOT=$root ORACLE_TMP=$tmp ORACLE_TARGET=$target ORACLE_INITRD=$initrd ORACLE_CMDLINE=$cmdline \
ORACLE_VERIFY_RC=$verify_rc ORACLE_TEST_RC=$test_rc ORACLE_COMMAND=$command_line ORACLE_ISOLATED=$isolated \
ORACLE_VERIFY_COMMAND="SYSTEMD_IN_INITRD=$initrd ${verify_cmd[*]}" \
node --input-type=module - >"$tmp/meta.json" <<'EOF'
import fs from 'node:fs';
const e = process.env;
const maps = [[e.ORACLE_TMP + '/root/', ''], [e.ORACLE_TMP + '/', '$TMP/'], [e.ORACLE_ROOT + '/', '']];
const m = (s) => maps.reduce((acc, [f, t]) => acc.split(f).join(t), s);
const lines = (f) => fs.readFileSync(e.ORACLE_TMP + '/' + f, 'utf8').split('\n').filter((l) => l.trim() !== '');
process.stdout.write(JSON.stringify({
  target: e.ORACLE_TARGET,
  inInitrd: e.ORACLE_INITRD === '1',
  kernelCommandLine: e.ORACLE_CMDLINE,
  command: e.ORACLE_COMMAND.split(e.ORACLE_TMP + "/root").join("$MIRROR").split(e.ORACLE_TMP).join("$TMP").split(e.ORACLE_ROOT).join("$ROOT"),
  exitCode: Number(e.ORACLE_TEST_RC),
  unitPath: JSON.parse(fs.readFileSync(e.ORACLE_TMP + '/unitpath.json', 'utf8')),
  generators: { ran: lines('gen-ran.txt'), skipped: lines('gen-skipped.txt'), log: lines('generators.log').map(m),
    isolated: e.ORACLE_ISOLATED === '1', path: "the image's default PATH (usr/local/sbin:usr/local/bin:usr/sbin:usr/bin:sbin:bin inside ROOTDIR)" },
  transactionLog: lines('transaction.txt').map(m),
  verify: { command: e.ORACLE_VERIFY_COMMAND.split(e.ORACLE_ROOT).join('$ROOT'), exitCode: Number(e.ORACLE_VERIFY_RC), output: lines('verify.txt').map(m) },
}));
EOF
if grep -q -- '-> By units:' "$tmp/dump.txt"; then
  node "$here/parse-systemd-dump.mjs" "$tmp/dump.txt" --log "$tmp/stderr.txt" --meta "$tmp/meta.json" \
    --map "$tmp/root/=" --map "$tmp/=\$TMP/" --map "$root/=" >"$tmp/oracle.json"
  [ -n "$json_out" ] && cp "$tmp/oracle.json" "$json_out"
else
  [ -n "$json_out" ] && echo "systemd-oracle: systemd --test printed no dump; no JSON written" >&2
fi

# ---- report ------------------------------------------------------------------------------------
if [ $quiet = 0 ]; then
  sub() { sed -e "s|$tmp/root/||g" -e "s|$tmp/|\$TMP/|g" -e "s|$root/||g"; }
  echo "== (a) SYSTEMD_IN_INITRD=$initrd ${verify_cmd[*]}   (exit $verify_rc)"
  sub <"$tmp/verify.txt"
  echo "== (b) unit search path below $root"
  node -e 'for (const t of JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")))
    console.log(`${t.path.padEnd(36)} ${t.status.padEnd(9)} ${t.dir ?? ""}`)' "$tmp/unitpath.json"
  echo "== (c) systemd --test   (exit $test_rc)"
  echo "command: $command_line" | sed -e "s|$tmp/root|\$MIRROR|g" -e "s|$tmp/|\$TMP/|g"
  echo "generators run: ${gen_ran[*]:-none}; skipped: ${gen_skipped[*]:-none}; isolated (own /run, no container markers): $([ $isolated = 1 ] && echo yes || echo no); PATH: the image's"
  sub <"$tmp/generators.log"
  sub <"$tmp/stderr.txt"
  echo "-- transaction decisions logged at debug level:"
  sub <"$tmp/transaction.txt"
  if [ -f "$tmp/oracle.json" ]; then
    node -e 'const o = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      const us = Object.values(o.units), by = {};
      for (const u of us) by[u.loadState] = (by[u.loadState] ?? 0) + 1;
      console.log(`units: ${us.length} (${Object.entries(by).map(([k, v]) => `${v} ${k}`).join(", ")}; ${us.filter((u) => u.host).length} from the host mount table), jobs: ${o.jobs.length}`)' "$tmp/oracle.json"
  fi
fi
exit 0
