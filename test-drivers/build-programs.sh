#!/usr/bin/env bash
# Builds our own i386 test programs: every test-drivers/programs/NAME.c becomes the static executable
# test-drivers/target/programs/NAME (i686 cross compiler, -O2 -static -pthread -Wall, libm). Only programs older
# than their source, a file it includes from programs/ or this script are rebuilt; a compile error stops the build with the compiler's message.
# Exit 2 with the reason when the cross compiler is missing (the differential suite then skips).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
sources="$here/programs"
out="$here/target/programs"
cc=${UKCF_I686_CC:-i686-linux-gnu-gcc}
flags=(-O2 -static -pthread -Wall -Werror)

if ! command -v "$cc" >/dev/null; then
  echo "build-programs: the i686 cross compiler '$cc' is missing (Debian package gcc-i686-linux-gnu;" \
       "scripts/install-test-deps.sh installs it)" >&2
  exit 2
fi

mkdir -p "$out"
built=0
for source in "$sources"/*.c; do
  name=$(basename "$source" .c)
  target="$out/$name"
  # Stale when older than this script, its source or a file the source includes from programs/ ("...").
  fresh=1
  [ -f "$target" ] || fresh=0
  for dependency in "${BASH_SOURCE[0]}" "$source" \
      $(sed -n 's/^#include "\(.*\)"/\1/p' "$source" | sed "s|^|$sources/|"); do
    [ "$fresh" = 1 ] && [ ! "$target" -nt "$dependency" ] && fresh=0
  done
  [ "$fresh" = 1 ] && continue
  if ! "$cc" "${flags[@]}" -o "$target.tmp" "$source" -lm; then
    rm -f "$target.tmp"
    echo "build-programs: compiling $source failed (see the compiler's messages above)" >&2
    exit 1
  fi
  mv "$target.tmp" "$target"
  built=$((built + 1))
done
echo "build-programs: $built rebuilt, programs in $out" >&2
