#!/bin/sh
# Fills in the machine-code column of src/test/resources/ukcf/cpu/translate/engine-programs.tsv from its assembly
# column (Intel syntax, instructions separated by ';', code placed at 0x1000) with the i686 cross assembler.
# Usage: src/test/tools/assemble-engine-programs.sh   (from cpu-sim)
set -eu
table=src/test/resources/ukcf/cpu/translate/engine-programs.tsv
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
while IFS= read -r line; do
    case "$line" in
        '#'*|'') printf '%s\n' "$line"; continue ;;
    esac
    name=$(printf '%s' "$line" | cut -f1)
    expect=$(printf '%s' "$line" | cut -f2)
    source=$(printf '%s' "$line" | cut -f3)
    printf '.intel_syntax noprefix\n.code32\n%s\n' "$(printf '%s' "$source" | tr ';' '\n')" > "$work/p.s"
    i686-linux-gnu-as --32 -o "$work/p.o" "$work/p.s"
    i686-linux-gnu-ld -m elf_i386 -Ttext=0x1000 -e 0x1000 -o "$work/p" "$work/p.o" 2>/dev/null
    i686-linux-gnu-objcopy -O binary -j .text "$work/p" "$work/p.bin"
    printf '%s\t%s\t%s\t%s\n' "$name" "$expect" "$source" "$(od -An -v -tx1 "$work/p.bin" | tr -d ' \n')"
done < "$table" > "$work/out"
cp "$work/out" "$table"
