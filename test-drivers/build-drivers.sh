#!/usr/bin/env bash
# Builds our i386 test drivers with kbuild against Debian's real 6.1 686 headers:
#   test-drivers/drivers/<name>/{Kbuild,*.c,*.h}  ->  test-drivers/target/drivers/<name>.ko
# Each driver is built in a copy under target/drivers/build/<name> so that kbuild's objects stay out of the sources,
# and only when a source is newer than its .ko. The debug info names sources as test-drivers/drivers/<name>/...
# whatever the checkout's location, so every checkout builds byte-identical modules. Usage: test-drivers/build-drivers.sh [name...]   (default: all)
# Exit 2 with one line on stderr when the headers or the cross compiler are missing
# (scripts/install-test-deps.sh installs both).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
headers=${UKCF_KERNEL_HEADERS:-/usr/src/linux-headers-6.1.0-50-686}
cross=i686-linux-gnu-
out="$here/target/drivers"

if [ ! -f "$headers/Makefile" ]; then
  echo "build-drivers: no kernel headers at $headers (install linux-headers-6.1.0-50-686:i386)" >&2; exit 2
fi
if ! command -v "${cross}gcc" >/dev/null; then
  echo "build-drivers: no ${cross}gcc (install gcc-i686-linux-gnu)" >&2; exit 2
fi

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for d in "$here"/drivers/*/; do names+=("$(basename "$d")"); done
fi

mkdir -p "$out"
for name in "${names[@]}"; do
  src="$here/drivers/$name"
  [ -f "$src/Kbuild" ] || { echo "build-drivers: no driver '$name' (missing $src/Kbuild)" >&2; exit 2; }
  ko="$out/$name.ko"
  if [ -f "$ko" ] && [ -z "$(find "$src" -newer "$ko" -type f | head -1)" ]; then
    continue
  fi
  work="$out/build/$name"
  rm -rf "$work" && mkdir -p "$work" && cp -p "$src"/* "$work"/
  if ! log=$(make -s -C "$headers" M="$work" CROSS_COMPILE="$cross" \
      KCFLAGS="-ffile-prefix-map=$work/=test-drivers/drivers/$name/" modules 2>&1); then
    printf '%s\n' "$log" >&2
    echo "build-drivers: kbuild failed for $name" >&2; exit 1
  fi
  [ -n "$log" ] && printf '%s\n' "$log" >&2
  cp "$work/$name.ko" "$ko"
done
