#!/usr/bin/env python3
"""Regenerates src/test/resources/ukcf/cpu/decode/decoder-corpus.tsv.

Every row of opcodes.tsv yields sample encodings (register and memory ModRM forms, prefixes the form cares
about); extra-instructions.s adds hand-written assembly. Each sample goes into its own section of one file
assembled with GNU as --32, and objdump -d (binutils 2.40) says what the first instruction of each section
is. The corpus records the sample bytes, objdump's length and objdump's text; DecoderCorpusTest compares
ukcf's decoder and disassembler with them. Usage: regenerate-decoder-corpus.py (from anywhere).
"""
import os, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
MODULE = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
TABLE = os.path.join(MODULE, 'src/main/resources/ukcf/cpu/decode/opcodes.tsv')
OUT = os.path.join(MODULE, 'src/test/resources/ukcf/cpu/decode/decoder-corpus.tsv')
EXTRA = os.path.join(HERE, 'extra-instructions.s')
OBJDUMP = 'i686-linux-gnu-objdump' if subprocess.call(['sh', '-c', 'command -v i686-linux-gnu-objdump >/dev/null']) == 0 else 'objdump'

# ModRM memory forms (mod/rm and the bytes that follow), cycled through the table.
MEMORY_FORMS = [
    (0x00, []),                      # (%eax)
    (0x45, [0xfc]),                  # -0x4(%ebp)
    (0x84, [0xb3, 0x00, 0x01, 0x00, 0x00]),  # 0x100(%ebx,%esi,4)
    (0x05, [0x10, 0xa0, 0x04, 0x08]),        # 0x804a010
    (0x44, [0x24, 0x08]),            # 0x8(%esp)
    (0x04, [0x85, 0xf0, 0xff, 0xff, 0xff]),  # -0x10(,%eax,4)
    (0x86, [0x78, 0x56, 0x34, 0x12]),        # 0x12345678(%esi)
    (0x44, [0x26, 0x00]),            # 0x0(%esi,%eiz,1)
]
IMMEDIATE = {'Ib': [0x12], 'Ibs': [0xf0], 'Iw': [0x34, 0x12], 'Jb': [0x10], '1': []}

def parse_table():
    rows = []
    for line in open(TABLE):
        if not line.strip() or line.startswith('#'):
            continue
        c = line.rstrip('\n').split('\t')
        rows.append(c)
    return rows

def expand_cc(row):
    enc = row[0]
    if '+cc' not in enc:
        return [row]
    out = []
    for cc in range(16):
        toks = []
        for t in enc.split(' '):
            toks.append('%02X' % (int(t[:-3], 16) + cc) if t.endswith('+cc') else t)
        out.append([' '.join(toks)] + row[1:])
    return out

def immediates(specs, opsize16):
    out = []
    for s in specs:
        if s in IMMEDIATE:
            out += IMMEDIATE[s]
        elif s in ('Iz', 'Iv', 'Jz'):
            out += [0x00, 0x01] if opsize16 else [0x78, 0x56, 0x34, 0x12]
        elif s in ('Ob', 'Ov'):
            out += [0x00, 0xa0, 0x04, 0x08]
        elif s == 'Ap':
            out += ([0x34, 0x12] if opsize16 else [0x78, 0x56, 0x34, 0x12]) + [0x10, 0x00]
    return out

counter = [0]

def samples(row):
    enc, mnemonic, ops, op, rd, wr, und, attrs = row
    specs = [] if ops == '-' else ops.split(',')
    attrs = [] if attrs == '-' else attrs.split(',')
    toks = enc.split(' ')
    mandatory = []
    if len(toks) > 1 and toks[0] in ('66', 'F2', 'F3'):
        mandatory = [int(toks[0], 16)]
        toks = toks[1:]
    opcode = []
    modrm = None
    while toks:
        t = toks[0]
        if t.endswith('+r'):
            opcode.append(int(t[:2], 16) + 3); toks.pop(0); continue
        if re.fullmatch(r'[0-9A-F]{2}', t) and (not opcode or opcode[-1] in (0x0F, 0x38, 0x3A) or (opcode == [0x9B])):
            opcode.append(int(t, 16)); toks.pop(0); continue
        break
    if toks and toks[0] == '/r':
        modrm = ('any', None)
    elif toks and re.fullmatch(r'/[0-7]', toks[0]):
        modrm = ('digit', int(toks[0][1]))
    elif toks and toks[0].endswith('+i'):
        modrm = ('fixed', int(toks[0][:2], 16) + 2)
    elif toks and re.fullmatch(r'[0-9A-F]{2}', toks[0]):
        modrm = ('fixed', int(toks[0], 16))
    memory_only = any(s.startswith('M') or s.startswith('m') for s in specs)
    register_only = any(s[0] in 'RUN' for s in specs if '/' not in s) and 'anymod' not in attrs
    v_sized = any(s.endswith('v') or s.endswith('z') or s == 'eAX' for s in specs) or '|' in mnemonic or 'suffix16' in attrs
    out = []
    def emit(prefix, modrm_bytes, opsize16=False):
        out.append(prefix + mandatory + opcode + modrm_bytes + immediates(specs, opsize16))
    bodies = []
    if modrm is None:
        bodies.append([])
    elif modrm[0] == 'fixed':
        bodies.append([modrm[1]])
    else:
        reg = modrm[1] if modrm[0] == 'digit' else 2
        if not memory_only:
            bodies.append([0xC0 | (reg << 3) | 1])
        if not register_only:
            for k in range(2):
                m, rest = MEMORY_FORMS[(counter[0] + k) % len(MEMORY_FORMS)]
                bodies.append([m | (reg << 3)] + rest)
            counter[0] += 1
    for b in bodies:
        emit([], b)
    if v_sized and not mandatory:
        emit([0x66], bodies[-1], True)
    has_memory = modrm is not None and modrm[0] != 'fixed' and not register_only
    if has_memory and not mandatory:
        emit([0x64], bodies[-1])
        if counter[0] % 4 == 0:
            out.append([0x67] + mandatory + opcode + [0x40 | (bodies[-1][0] & 0x38), 0x08] + immediates(specs, False))
    if 'lock' in attrs and has_memory:
        emit([0xF0], bodies[-1])
    if 'rep' in attrs or 'repe' in attrs:
        emit([0xF3], bodies[-1])
    if 'repne' in attrs:
        emit([0xF2], bodies[-1])
    return out

def main():
    all_samples = []
    for row in parse_table():
        for r in expand_cc(row):
            for s in samples(r):
                all_samples.append(('.byte ' + ','.join('0x%02x' % x for x in s), r[0] + ' ' + r[1]))
    for line in open(EXTRA):
        line = line.strip()
        if line and not line.startswith('#'):
            all_samples.append((line, 'extra'))
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, 'corpus.s')
        with open(src, 'w') as f:
            for i, (text, _) in enumerate(all_samples):
                f.write('.section .s%05d,"ax",@progbits\n%s\n' % (i, text))
        obj = os.path.join(tmp, 'corpus.o')
        subprocess.check_call(['as', '--32', '-o', obj, src])
        dump = subprocess.check_output([OBJDUMP, '-d', '-z', obj], text=True)
        raw = {}
        for i in range(len(all_samples)):
            pass
        sections = re.split(r'\nDisassembly of section \.s(\d+):\n', dump)
        results = {}
        for k in range(1, len(sections), 2):
            index = int(sections[k])
            insns = []
            for line in sections[k + 1].split('\n'):
                m = re.match(r'\s+([0-9a-f]+):\t((?:[0-9a-f]{2} )+)\s*(?:\t(.*))?$', line)
                if not m:
                    continue
                data = m.group(2).split()
                if m.group(3) is None and insns:
                    insns[-1][1].extend(data)
                else:
                    insns.append([int(m.group(1), 16), data, (m.group(3) or '').rstrip()])
            results[index] = insns
    lines = []
    skipped = 0
    for i, (text, origin) in enumerate(all_samples):
        insns = results.get(i, [])
        if not insns:
            continue
        data = [b for ins in insns for b in ins[1]]
        first = insns[0]
        if '(bad)' in first[2] or first[2] == '':
            skipped += 1
            continue
        lines.append('%s\t%d\t%s' % (' '.join(data), len(first[1]), first[2]))
    with open(OUT, 'w') as f:
        f.write('# Decoder corpus: instruction bytes, length and text as GNU objdump -d (binutils 2.40) prints the first\n')
        f.write('# instruction; regenerate with src/test/corpus/regenerate-decoder-corpus.py. Columns are tab separated.\n')
        for line in lines:
            f.write(line + '\n')
    print('%d samples, %d written, %d skipped as (bad)' % (len(all_samples), len(lines), skipped))

main()
