#!/usr/bin/env bash
# Fetches Debian's real i386 guest packages into .cache/debian (never committed) and unpacks them.
#   .cache/debian/busybox/bin/busybox         busybox-static:i386
#   .cache/debian/kernel/lib/modules/*/kernel  the 686 kernel's ~4000 .ko modules
#   .cache/debian/i386-root/                   libc6:i386 and libgcc-s1:i386 unpacked: an i386 root filesystem
#                                              for dynamically linked programs (ukcf run --root)
# Usage: test-drivers/fetch-debian.sh [busybox] [kernel] [libc6]   (default: all)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache="$root/.cache/debian"
mkdir -p "$cache"
wanted=("$@"); [ ${#wanted[@]} -eq 0 ] && wanted=(busybox kernel libc6)

ensure_i386_index() {
  if ! dpkg --print-foreign-architectures | grep -qx i386; then
    dpkg --add-architecture i386
  fi
  local policy; policy=$(apt-cache policy busybox-static:i386 2>/dev/null || true)
  if ! grep -q 'Candidate: [0-9]' <<<"$policy"; then
    # A mirror mid-sync can fail one index; the packages we need still download.
    apt-get update -qq || true
  fi
}

fetch() { # name package-pattern
  local name=$1 pkg=$2 dir="$cache/$1"
  [ -f "$dir/.done" ] && return 0
  ensure_i386_index
  rm -rf "$dir" && mkdir -p "$dir"
  ( cd "$cache" && apt-get download -qq -o APT::Sandbox::User=root "$pkg" >/dev/null )
  local deb; deb=$(ls -t "$cache"/*.deb | head -1)
  dpkg-deb -x "$deb" "$dir"
  rm -f "$deb"
  touch "$dir/.done"
}

# Programs built with i686-linux-gnu-gcc link against the cross toolchain's glibc: the root's libc6 must be the
# same upstream release, or a program may need symbol versions the root lacks. Warns when they differ.
check_toolchain_release() {
  [ "$(dpkg-deb -f "$1" Package)" = libc6 ] || return 0
  local root_version cross_version
  root_version=$(dpkg-deb -f "$1" Version)
  cross_version=$(dpkg-query -W -f '${Version}' libc6-dev-i386-cross 2>/dev/null || true)
  if [ -n "$cross_version" ] && [ "${root_version%%-*}" != "${cross_version%%-*}" ]; then
    echo "fetch-debian: libc6:i386 $root_version is not the cross toolchain's glibc $cross_version" >&2
  fi
}

fetch_root() { # name package...: several packages unpacked into one tree
  local name=$1 dir="$cache/$1"; shift
  [ -f "$dir/.done" ] && return 0
  ensure_i386_index
  rm -rf "$dir" && mkdir -p "$dir"
  local download; download=$(mktemp -d "$cache/download.XXXXXX")
  ( cd "$download" && apt-get download -qq -o APT::Sandbox::User=root "$@" >/dev/null )
  for deb in "$download"/*.deb; do
    dpkg-deb -x "$deb" "$dir"
    check_toolchain_release "$deb"
  done
  rm -rf "$download"
  touch "$dir/.done"
}

# The kernel release is pinned: the ABI profile (kernel-bridge), the headers our drivers build against
# (scripts/install-test-deps.sh) and the tests name 6.1.0-50-686; a newer ABI number means a new profile.
kernel_release=6.1.0-50-686

for w in "${wanted[@]}"; do
  case $w in
    busybox) fetch busybox busybox-static:i386 ;;
    kernel)  fetch kernel "linux-image-$kernel_release-unsigned:i386" ;;
    # The same glibc release (2.36) as the cross toolchain's libc6-dev-i386-cross, so that programs built with
    # i686-linux-gnu-gcc link against what this root provides; libgcc_s for pthread_cancel and unwinding.
    libc6)   fetch_root i386-root libc6:i386 libgcc-s1:i386 ;;
    *) echo "fetch-debian: unknown package set '$w'" >&2; exit 2 ;;
  esac
done
