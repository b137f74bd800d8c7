#!/usr/bin/env bash
# Runs a shell script inside Debian's real 686 kernel (qemu-system-i386, about 3 s) and prints what the script
# printed: the reference that the kernel bridge's module loading, dmesg and AF_ALG results are compared with
# (this host's own kernel may have no AF_ALG and cannot load i386 modules).
#   test-drivers/reference-kernel.sh SCRIPT [FILE...]
# The initramfs holds Debian's busybox (applets installed in /bin), /modules/{crypto,lib/crypto}/*.ko of the 686
# kernel, and each FILE in /files/. SCRIPT runs with /files as working directory; its output is printed with
# CRLF turned into LF; the kernel's own console messages are kept out (loglevel=0).
# Exit 2 with one line on stderr when qemu-system-i386, the kernel or busybox is missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache="$here/../.cache/debian"
kernel_root="$cache/kernel"
vmlinuz=$(ls "$kernel_root"/boot/vmlinuz-*-686 2>/dev/null | head -1 || true)
busybox="$cache/busybox/bin/busybox"

[ $# -ge 1 ] || { echo "usage: reference-kernel.sh SCRIPT [FILE...]" >&2; exit 2; }
command -v qemu-system-i386 >/dev/null || { echo "reference-kernel: no qemu-system-i386 (install qemu-system-x86)" >&2; exit 2; }
[ -n "$vmlinuz" ] || { echo "reference-kernel: no 686 kernel (run test-drivers/fetch-debian.sh kernel)" >&2; exit 2; }
[ -x "$busybox" ] || { echo "reference-kernel: no busybox (run test-drivers/fetch-debian.sh busybox)" >&2; exit 2; }
modules=$(ls -d "$kernel_root"/lib/modules/*/kernel | head -1)

script=$1; shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/root"
mkdir -p "$root"/{bin,proc,sys,dev,files,modules/crypto,modules/lib/crypto}
cp "$busybox" "$root/bin/busybox"
cp "$modules"/crypto/*.ko "$root/modules/crypto/"
cp "$modules"/lib/crypto/*.ko "$root/modules/lib/crypto/"
for f in "$@"; do cp "$f" "$root/files/"; done
cp "$script" "$root/script.sh"
cat > "$root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
cd /files
echo "@@reference-kernel-begin@@"
sh /script.sh
echo "@@reference-kernel-end@@"
poweroff -f
INIT
chmod +x "$root/init" "$root/bin/busybox"
(cd "$root" && find . | "$busybox" cpio -o -H newc 2>/dev/null | gzip -1 > "$work/initramfs.gz")
timeout 300 qemu-system-i386 -m 256 -kernel "$vmlinuz" -initrd "$work/initramfs.gz" \
  -append "console=ttyS0 loglevel=0 panic=-1" -display none -serial stdio -no-reboot -monitor none \
  </dev/null > "$work/console" 2>"$work/qemu-errors" || true
tr -d '\r' < "$work/console" | sed -n '/^@@reference-kernel-begin@@$/,/^@@reference-kernel-end@@$/p' | sed '1d;$d' > "$work/output"
if ! grep -q '@@reference-kernel-end@@' "$work/console"; then
  echo "reference-kernel: the guest did not finish the script; console tail:" >&2
  tr -d '\r' < "$work/console" | tail -5 >&2; cat "$work/qemu-errors" >&2
  exit 1
fi
cat "$work/output"
