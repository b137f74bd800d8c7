#!/usr/bin/env bash
# Installs the Debian packages the test suites need, when missing (quiet, idempotent, instant when all present):
#   binutils/gcc-i686-linux-gnu  objdump for the decoder agreement check; our i386 test programs and drivers
#   libc6-dev-i386-cross          the cross compiler's C library headers and static libc (a recommendation of
#                                 gcc-i686-linux-gnu, which --no-install-recommends leaves out)
#   qemu-user                     qemu-i386, the peer in benchmarks
#   make, linux-headers-*-686     kbuild for our test drivers (test-drivers/build-drivers.sh); the headers
#                                 package is i386 and pulls linux-headers-*-common and linux-kbuild-6.1
#                                 (external modules need neither bc nor libelf: no timeconst, no objtool on i386)
#   qemu-system-x86               qemu-system-i386 boots Debian's 686 kernel: the AF_ALG oracle (this host's
#                                 kernel may lack AF_ALG) and the reference for module load output
set -euo pipefail
headers=linux-headers-6.1.0-50-686
need=()
command -v i686-linux-gnu-objdump >/dev/null || need+=(binutils-i686-linux-gnu)
command -v i686-linux-gnu-gcc >/dev/null || need+=(gcc-i686-linux-gnu)
[ -f /usr/i686-linux-gnu/include/stdio.h ] || need+=(libc6-dev-i386-cross)
command -v qemu-i386 >/dev/null || need+=(qemu-user)
command -v qemu-system-i386 >/dev/null || need+=(qemu-system-x86)
command -v make >/dev/null || need+=(make)
[ -f "/usr/src/$headers/Makefile" ] || need+=("$headers:i386")
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "install-test-deps: need root to install: ${need[*]}" >&2
    exit 1
  fi
  if ! dpkg --print-foreign-architectures | grep -qx i386; then
    dpkg --add-architecture i386
  fi
  apt-get update -qq || true   # a mirror mid-sync can fail one index; installs still work
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
