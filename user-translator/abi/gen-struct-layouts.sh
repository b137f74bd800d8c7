#!/usr/bin/env bash
# Regenerates src/main/resources/ukcf/user/abi/structs-i386.tsv from the i386 kernel UAPI headers.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../src/main/resources/ukcf/user/abi/structs-i386.tsv"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
i686-linux-gnu-gcc -static -O0 -o "$tmp/layouts" "$here/struct-layouts.c"
mkdir -p "$(dirname "$out")"
"$tmp/layouts" > "$out"
