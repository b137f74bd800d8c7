#!/usr/bin/env bash
# Installs the Debian packages the test suites need, when missing: the i686 cross binutils (objdump for the
# decoder agreement check) and cross gcc (our own i386 test programs and drivers, later issues).
set -euo pipefail
need=()
command -v i686-linux-gnu-objdump >/dev/null || need+=(binutils-i686-linux-gnu)
command -v i686-linux-gnu-gcc >/dev/null || need+=(gcc-i686-linux-gnu)
command -v qemu-i386 >/dev/null || need+=(qemu-user)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "install-test-deps: need root to install: ${need[*]}" >&2
    exit 1
  fi
  apt-get update -qq || true   # a mirror mid-sync can fail one index; installs still work
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
