#!/usr/bin/env python3
"""Adds (or refreshes) the machine-code field of known-answer vector files.

A vector line is `instructions | initial | expected` in the test assembler's Intel syntax; this tool appends
`| bytes`, the encoding of each instruction (hex, instructions separated by ';'), made by GNU as for the same
instruction placed where the test runs it (slot i at 0x1000 + 16*i). The test then runs every case twice:
from the text (semantics alone) and from the bytes through the real decoder.

Usage (from cpu-sim/):  python3 src/test/tools/vector-bytes.py src/test/resources/ukcf/cpu/interp/vectors/*.vec
"""
import os
import re
import subprocess
import sys
import tempfile

CODE, SLOT = 0x1000, 16
SIZE_WORDS = ("byte", "word", "dword", "fword", "qword", "tword")
SEGMENT_PREFIX = {"es": 0x26, "cs": 0x2E, "ss": 0x36, "ds": 0x3E, "fs": 0x64, "gs": 0x65}
SIXTEEN = re.compile(r"\b(ax|bx|cx|dx|sp|bp|si|di|[c-gs]s)\b")
SPELLING = {"xlat": "xlatb", "iretd": "iretd", "retf": "retf"}


def to_gas(text):
    """Test-assembler syntax -> GNU as Intel syntax (with raw prefix bytes where as would not add them)."""
    words = text.strip().split()
    prefix_bytes, rest = [], []
    i = 0
    while i < len(words) and (words[i] in ("o16", "a16", "rep", "repe", "repz", "repne", "repnz", "lock")
                              or words[i].startswith("seg=")):
        w = words[i]
        if w == "o16":
            prefix_bytes.append("o16")
        elif w == "a16":
            prefix_bytes.append("a16")
        elif w.startswith("seg="):
            prefix_bytes.append(SEGMENT_PREFIX[w[4:]])
        else:
            rest.append(w)
        i += 1
    body = " ".join(words[i:])
    mnemonic = body.split()[0] if body else ""
    operands = body[len(mnemonic):].strip()
    for size in SIZE_WORDS:
        operands = re.sub(rf"\b{size} (?=[a-z]*:?\[)", f"{size} ptr ", operands)
    operands = operands.replace("far ", "")
    mnemonic = SPELLING.get(mnemonic, mnemonic)
    branch = mnemonic.startswith(("j", "loop", "call")) and re.fullmatch(r"0x[0-9a-f]+", operands)
    if branch and CODE <= int(operands, 16) < CODE + 0x1000:
        operands = f"_start+{int(operands, 16) - CODE:#x}"   # rel8 forms need a target in the same section
    out = []
    sixteen_operands = bool(SIXTEEN.search(operands)) and not mnemonic.startswith(("out", "in"))
    for p in prefix_bytes:
        if p == "o16":
            if not sixteen_operands:
                out.append(".byte 0x66")
        elif p == "a16":
            if mnemonic not in ("jcxz",) and not ("[" in operands and SIXTEEN.search(operands.split("[", 1)[1])):
                out.append(".byte 0x67")
        else:
            out.append(f".byte 0x{p:02x}")
    out.append(" ".join(rest + [mnemonic, operands]).strip())
    return out


def assemble_line(instructions, work):
    lines = [".intel_syntax noprefix", ".text", ".globl _start", "_start:"]
    for k, text in enumerate(instructions):
        lines.append(f".org {k * SLOT}")
        lines.append(f"s{k}:")
        lines.extend(to_gas(text))
        lines.append(f"e{k}:")
    src, obj, exe = (os.path.join(work, n) for n in ("l.s", "l.o", "l"))
    open(src, "w").write("\n".join(lines) + "\n")
    r = subprocess.run(["as", "--32", "-o", obj, src], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"as failed for {instructions}: {r.stderr}")
    subprocess.run(["ld", "-m", "elf_i386", "-Ttext", hex(CODE), "-e", "_start", "-o", exe, obj], check=True)
    symbols = {}
    for line in subprocess.run(["nm", exe], capture_output=True, text=True, check=True).stdout.splitlines():
        address, _, name = line.split()
        symbols[name] = int(address, 16)
    raw = subprocess.run(["objcopy", "-O", "binary", "-j", ".text", exe, "/dev/stdout"],
                         capture_output=True, check=True).stdout
    fields = []
    for k in range(len(instructions)):
        start, end = symbols[f"s{k}"] - CODE, symbols[f"e{k}"] - CODE
        fields.append(" ".join(f"{b:02x}" for b in raw[start:end]))
    return "; ".join(fields)


def main():
    with tempfile.TemporaryDirectory() as work:
        for path in sys.argv[1:]:
            out = []
            for line in open(path).read().splitlines():
                if not line.strip() or line.lstrip().startswith("#"):
                    out.append(line)
                    continue
                fields = line.split("|")[:3]
                instructions = fields[0].split(";")
                out.append("|".join(f.rstrip() if i == 2 else f for i, f in enumerate(fields))
                           + " | " + assemble_line(instructions, work))
            open(path, "w").write("\n".join(out) + "\n")
            print(path, len(out))


if __name__ == "__main__":
    main()
