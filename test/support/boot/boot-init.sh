#!/bin/sh
# The boot proof's early userspace: /init of a busybox initramfs that stands in for the OS. It
# finds its root the way the real OS would (root=LABEL=... for Ubuntu; for EMT the filesystem
# UUID in boot_uuid=, opened through dm-verity with the root hash from the roothash partition),
# mounts it read-only, prints os-release, reads the NoCloud seed on the partition labelled CIDATA,
# applies its write_files as cloud-init would (into /run/seed-root), lists each file with its mode
# and sha256, and powers off. Every line a test reads starts with a fixed prefix; a failure prints
# "BOOTPROOF: FAILED <why>" and powers off too, so QEMU always ends.
export PATH=/bin:/sbin:/usr/sbin
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /run /root /cidata /seedfs
mount -t tmpfs tmpfs /run

say() { echo "BOOTPROOF: $*"; }
fail() {
  say "FAILED $*"
  poweroff -f
}
prefixed() { sed "s/^/$1| /" "$2"; }

say "early userspace on $(uname -r)"
while read -r module; do
  insmod "/lib/modules/$module" || say "insmod $module failed"
done </lib/modules/order
mount -t securityfs securityfs /sys/kernel/security 2>/dev/null
mount -t efivarfs efivarfs /sys/firmware/efi/efivars 2>/dev/null
# An EFI variable file holds 4 bytes of attributes, then the value.
efivar() {
  set -- $(od -An -tu1 "/sys/firmware/efi/efivars/$1-8be4df61-93ca-11d2-aa0d-00e098032b8c" 2>/dev/null)
  echo "${5:-?}"
}
say "SecureBoot=$(efivar SecureBoot) SetupMode=$(efivar SetupMode) lockdown=$(cat /sys/kernel/security/lockdown 2>/dev/null)"

for word in $(cat /proc/cmdline); do
  case "$word" in
    root=*) ROOT_SPEC=${word#root=} ;;
    boot_uuid=*) BOOT_UUID=${word#boot_uuid=} ;;
  esac
done

# The block device of a GPT partition name (from the kernel's uevent, as udev's by-partlabel).
by_partname() {
  for uevent in /sys/class/block/*/uevent; do
    if grep -qx "PARTNAME=$1" "$uevent"; then
      sed -n 's/^DEVNAME=/\/dev\//p' "$uevent"
      return 0
    fi
  done
  return 1
}
# Waits up to 10 s for a device (the virtio disk is probed asynchronously).
wait_for() {
  tries=0
  while [ $tries -lt 100 ]; do
    found=$("$@" 2>/dev/null) && [ -n "$found" ] && { echo "$found"; return 0; }
    sleep 0.1
    tries=$((tries + 1))
  done
  return 1
}

if [ -n "$BOOT_UUID" ]; then
  data=$(wait_for findfs "UUID=$BOOT_UUID") || fail "no filesystem with boot_uuid $BOOT_UUID"
  say "boot_uuid $BOOT_UUID is $data"
  roothash_dev=$(findfs LABEL=roothash 2>/dev/null || by_partname roothash)
  if [ -n "$roothash_dev" ]; then
    mkdir -p /roothash
    mount -t ext4 -o ro "$roothash_dev" /roothash || fail "cannot mount the roothash partition $roothash_dev"
    roothash=$(tr -d ' \n' </roothash/part_a_roothash) || fail "no part_a_roothash on $roothash_dev"
    umount /roothash
    hashmap=$(by_partname hashmap_a) || fail "no hashmap_a partition"
    say "verity: data $data hash $hashmap root hash $roothash"
    veritysetup open "$data" rootfs_verity "$hashmap" "$roothash" || fail "veritysetup open refused the root hash"
    say "verity: opened /dev/mapper/rootfs_verity"
    root_dev=/dev/mapper/rootfs_verity
  else
    say "no roothash partition: root by boot_uuid without dm-verity"
    root_dev=$data
  fi
else
  case "$ROOT_SPEC" in
    LABEL=* | UUID=* | PARTUUID=*) root_dev=$(wait_for findfs "$ROOT_SPEC") || fail "no root $ROOT_SPEC" ;;
    /dev/*) root_dev=$(wait_for ls "$ROOT_SPEC") || fail "no root $ROOT_SPEC" ;;
    *) fail "no root= or boot_uuid= on the command line" ;;
  esac
  say "root $ROOT_SPEC is $root_dev"
fi
mount -t ext4 -o ro "$root_dev" /root || fail "cannot mount the root filesystem $root_dev"
say "root mounted: $(grep " /root " /proc/mounts)"
[ -f /root/etc/os-release ] || fail "no /etc/os-release on the root filesystem"
prefixed os-release /root/etc/os-release

seed=$(wait_for findfs LABEL=CIDATA) || seed=$(by_partname CIDATA) || fail "no CIDATA seed"
mount -t vfat -o ro "$seed" /cidata || fail "cannot mount the CIDATA seed $seed"
say "CIDATA found on $seed"
for file in meta-data user-data network-config; do
  [ -f "/cidata/$file" ] && prefixed "$file" "/cidata/$file"
done

# write_files, as cloud-init applies it: path, permissions, encoding (b64 or text) and content
# (inline or a literal block). awk writes each content to /seedfs/N and lists "N path mode encoding".
awk -v out=/seedfs '
  function value(line) { sub(/^[^:]*:[ \t]*/, "", line); gsub(/^["'"'"']|["'"'"']$/, "", line); return line }
  function indent(line) { match(line, /^ */); return RLENGTH }
  function flush() { if (path != "") print n, path, (mode == "" ? "0644" : mode), (enc == "" ? "text" : enc); path = ""; mode = ""; enc = "" }
  /^write_files:/ { inside = 1; next }
  inside && /^[^ \t-]/ { inside = 0; block = 0; flush() }
  !inside { next }
  block {
    if ($0 ~ /^ *$/) { print "" > (out "/" n); next }
    if (indent($0) > keyIndent) {
      if (blockIndent < 0) blockIndent = indent($0)
      print substr($0, blockIndent + 1) > (out "/" n); next
    }
    block = 0
  }
  /^ *- / { flush(); n++; printf "" > (out "/" n); sub(/- /, "  ") }
  /^ *path:/ { path = value($0) }
  /^ *permissions:/ { mode = value($0) }
  /^ *encoding:/ { enc = value($0) }
  /^ *content:/ {
    v = value($0)
    if (v ~ /^[|>]/) { block = 1; keyIndent = indent($0); blockIndent = -1 }
    else printf "%s", v > (out "/" n)
  }
  END { flush() }
' /cidata/user-data >/seedfs/list || fail "cannot read write_files"
while read -r n path mode encoding; do
  target=/run/seed-root$path
  mkdir -p "$(dirname "$target")"
  case "$encoding" in
    b64 | base64) base64 -d "/seedfs/$n" >"$target" ;;
    *) cp "/seedfs/$n" "$target" ;;
  esac
  chmod "$mode" "$target"
  say "write_files $path mode $(stat -c %a "$target") sha256 $(sha256sum "$target" | cut -d' ' -f1)"
done </seedfs/list
umount /cidata
umount /root
say "DONE"
poweroff -f
