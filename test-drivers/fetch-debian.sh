#!/usr/bin/env bash
# Fetches Debian's real i386 guest packages into .cache/debian (never committed) and unpacks them.
#   .cache/debian/busybox/bin/busybox         busybox-static:i386
#   .cache/debian/kernel/lib/modules/*/kernel  the 686 kernel's ~4000 .ko modules
# Usage: test-drivers/fetch-debian.sh [busybox] [kernel]   (default: both)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache="$root/.cache/debian"
mkdir -p "$cache"
wanted=("$@"); [ ${#wanted[@]} -eq 0 ] && wanted=(busybox kernel)

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

kernel_package() {
  ensure_i386_index
  local names; names=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-686-unsigned$' | awk '{print $1}')
  sort -V <<<"$names" | tail -1
}

for w in "${wanted[@]}"; do
  case $w in
    busybox) fetch busybox busybox-static:i386 ;;
    kernel)  fetch kernel "$(kernel_package):i386" ;;
    *) echo "fetch-debian: unknown package set '$w'" >&2; exit 2 ;;
  esac
done
