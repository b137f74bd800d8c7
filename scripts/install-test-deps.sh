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

# A 64-bit kernel booted without ia32 emulation (ia32_emulation=off) refuses i386 executables. The differential
# tests compare ukcf with a reference run of the same program; there, qemu-i386 (static, so that it also works
# inside a chroot) is registered with binfmt_misc to be that reference. The instruction-level oracle (ukcf
# cpu-diff, the native harness tests) notices the registration and reports that it cannot run.
probe=$(mktemp)
# The smallest i386 executable: one PT_LOAD segment whose code is exit(0).
printf '\x7fELF\x01\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x03\0\x01\0\0\0\x54\x80\x04\x08\x34\0\0\0\0\0\0\0\0\0\0\0\x34\0\x20\0\x01\0\0\0\0\0\0\0''\x01\0\0\0\0\0\0\0\0\x80\x04\x08\0\x80\x04\x08\x5d\0\0\0\x5d\0\0\0\x05\0\0\0\0\x10\0\0''\x31\xdb\xb8\x01\0\0\0\xcd\x80' > "$probe"
chmod +x "$probe"
if ! "$probe" 2>/dev/null; then
  binfmt=/proc/sys/fs/binfmt_misc
  if [ "$(id -u)" != 0 ]; then
    echo "install-test-deps: this kernel does not run i386 programs; registering qemu-i386 needs root" >&2
  else
    # Each step may be refused (no binfmt_misc in this kernel, a container without the privilege): the suites
    # then say they cannot run i386 programs, which is better than stopping here.
    if { command -v qemu-i386-static >/dev/null \
         || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends qemu-user-static >/dev/null; } \
       && { [ -f "$binfmt/register" ] || mount -t binfmt_misc binfmt_misc "$binfmt"; } \
       && { [ -e "$binfmt/ukcf-i386-reference" ] || printf '%s' ':ukcf-i386-reference:M::\x7fELF\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x03\x00:\xff\xff\xff\xff\xff\xfe\xfe\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:/usr/bin/qemu-i386-static:FP' > "$binfmt/register"; }; then
      echo "install-test-deps: this kernel does not run i386 programs: qemu-i386 is the reference of the differential tests (binfmt_misc)" >&2
    else
      echo "install-test-deps: this kernel does not run i386 programs and qemu-i386 could not be registered with binfmt_misc" >&2
    fi
  fi
fi
rm -f "$probe"
