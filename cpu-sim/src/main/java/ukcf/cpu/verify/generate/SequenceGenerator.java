package ukcf.cpu.verify.generate;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import ukcf.cpu.decode.OpcodeForm;
import ukcf.cpu.decode.OperandSpec;
import ukcf.cpu.decode.OperandSpec.Source;
import ukcf.cpu.decode.RegisterBank;
import ukcf.cpu.flags.Eflags;
import ukcf.cpu.state.FxsaveImage;
import ukcf.cpu.state.SseState;
import ukcf.cpu.verify.InitialState;
import ukcf.cpu.verify.TestCase;
import ukcf.cpu.verify.generate.GenerationRules.Role;
import ukcf.cpu.verify.nativeharness.HarnessLayout;

/**
 * Random instruction sequences drawn uniformly over the implemented opcode forms, encoded here from the
 * opcode table's SDM notation (so every form the table knows can be generated without an assembler).
 *
 * <p>Memory operands must land in the data or stack area on both sides (anything else could touch the native
 * harness's own memory), so address registers are reserved: EBX always points into the data area and EBP into
 * the stack area, and no generated instruction writes EBX, EBP or ESP explicitly. ESI and EDI start as data
 * pointers and serve string instructions until an instruction overwrites them. With those values known, every
 * addressing shape is reachable: {@code [disp32]}, {@code [base+disp8/32]}, {@code [base+index*scale+disp]},
 * {@code [esp+disp8]}, plus 16-bit addressing and an unmapped address, which fault (#PF reports the effective
 * address in CR2, so even the fault checks the address arithmetic).
 *
 * <p>A case is a pure function of (seed, index): {@code --seed} reruns a run exactly.
 */
public final class SequenceGenerator {
    public static final int MAX_INSTRUCTIONS = 8;

    private static final int REG_ESP = 4, REG_EBX = 3, REG_EBP = 5, REG_ESI = 6, REG_EDI = 7;

    private final List<OpcodeForm> candidates = new ArrayList<>();
    /** CALL rel32, for the shape that hosts a RET instance. */
    private final OpcodeForm callRelative;

    /** @param implemented forms the CPU under test implements (e.g. those with a handler) */
    public SequenceGenerator(List<OpcodeForm> forms, Predicate<OpcodeForm> implemented) {
        boolean callShape = implementedOperation(forms, implemented, "RET") && implementedOperation(forms, implemented, "JMP");
        boolean popfShape = implementedOperation(forms, implemented, "PUSH");
        callRelative = forms.stream().filter(f -> f.operation().equals("CALL") && f.operandSpecs().equals(List.of("Jz")))
                .findFirst().orElse(null);
        for (OpcodeForm form : forms) {
            if (!implemented.test(form)) continue;
            Role role = GenerationRules.roleOf(form);
            if (role == Role.EXCLUDED || role == Role.RETURN) continue;
            if (role == Role.CALL && (!callShape || !form.operandSpecs().equals(List.of("Jz")))) continue;
            if (role == Role.POPF && !popfShape) continue;
            candidates.add(form);
        }
    }

    private static boolean implementedOperation(List<OpcodeForm> forms, Predicate<OpcodeForm> implemented, String op) {
        return forms.stream().anyMatch(f -> f.operation().equals(op) && implemented.test(f));
    }

    /** The forms random cases draw from. */
    public List<OpcodeForm> candidates() { return candidates; }

    public TestCase generate(long seed, long index) {
        SplittableRandom random = new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + index));
        return new CaseBuilder(random).build(seed + ":" + index);
    }

    /**
     * One instance of {@code form} (in its shape: a RET inside a CALL, a POPF after a PUSH), with the initial
     * state random as in {@link #generate}: the directed corpus uses it to cover every implemented form.
     */
    public TestCase instanceOf(OpcodeForm form, long seed) {
        SplittableRandom random = new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + form.id()));
        return new CaseBuilder(random).buildInstance("form " + form.id(), form, null);
    }

    /**
     * Like {@link #instanceOf}, with EBX, EBP, ESI and EDI fixed to {@code addressRegisters} (indexed like
     * {@code gpr}; other entries ignored), so the bytes can be stored in a corpus whose cases start from a fixed
     * default state.
     */
    public TestCase instanceOf(OpcodeForm form, long seed, int[] addressRegisters) {
        SplittableRandom random = new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + form.id()));
        return new CaseBuilder(random).buildInstance("form " + form.id(), form, addressRegisters);
    }

    /** Whether {@link #instanceOf} can place the form (excluded forms cannot run natively in a sequence). */
    public static boolean isGeneratable(OpcodeForm form) {
        return GenerationRules.roleOf(form) != Role.EXCLUDED;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A run of bytes, possibly ending in a relative branch to another piece (resolved at layout). */
    private static final class Piece {
        final byte[] bytes;
        /** Offset of the displacement inside bytes, its size (1 or 4), and the target piece (-1: none). */
        int branchAt = -1, branchSize, target = -1;
        /** A top-level instruction boundary that forward branches may target. */
        boolean branchTarget = true;

        Piece(byte[] bytes) { this.bytes = bytes; }
    }

    private final class CaseBuilder {
        private final SplittableRandom random;
        private final int[] gpr = new int[8];
        private final List<Piece> pieces = new ArrayList<>();
        /** ESI/EDI still point into the data area (string instructions may use them). */
        private boolean stringPointersValid = true;
        /** ESI/EDI still hold their initial values (addressing may use them as base or index). */
        private boolean stringPointersKnown = true;
        private boolean ebpKnown = true;
        /** Added by a BT* m, r bit offset to the address its memory operand names (see generate). */
        private int bitStringDisplacement;
        /** Inside a CALL shape's body: the return address at [ESP] must survive. */
        private boolean insideCallBody;
        /**
         * EFLAGS bits the instructions so far may have left undefined. A form that reads one is not drawn: an
         * undefined flag must not flow into registers or memory, where the comparison could not excuse it.
         */
        private int undefinedFlags;
        private boolean branchSeen;
        private boolean ended;
        /** An instruction may load MXCSR from memory (see {@link GenerationRules#loadsMxcsr}). */
        private boolean loadsMxcsr;

        CaseBuilder(SplittableRandom random) { this.random = random; }

        TestCase build(String id) {
            initialRegisters();
            int count = 1 + random.nextInt(MAX_INSTRUCTIONS);
            for (int i = 0; i < count && !ended && !candidates.isEmpty(); i++) {
                OpcodeForm form = candidates.get(random.nextInt(candidates.size()));
                Role role = GenerationRules.roleOf(form);
                if (role == Role.STRING && !stringPointersValid) continue;
                if ((form.flagsRead() & undefinedFlags) != 0) continue;
                switch (role) {
                    case CALL -> callShape(form, null);
                    case POPF -> popfShape(form);
                    default -> {
                        pieces.add(instruction(form, role));
                        if (role == Role.LAST) ended = true;
                    }
                }
            }
            byte[] code = layout();
            return new TestCase(id, code, gpr, initialFlags(), initialFpuAndSse(), memoryArea(HarnessLayout.DATA_SIZE),
                    memoryArea(HarnessLayout.STACK_SIZE));
        }

        TestCase buildInstance(String id, OpcodeForm form, int[] addressRegisters) {
            initialRegisters();
            if (addressRegisters != null) {
                for (int r : new int[] {REG_EBX, REG_EBP, REG_ESI, REG_EDI}) gpr[r] = addressRegisters[r];
            }
            Role role = GenerationRules.roleOf(form);
            switch (role) {
                case CALL -> callShape(form, null);
                case RETURN -> callShape(callRelative, form);
                case POPF -> popfShape(form);
                default -> pieces.add(instruction(form, role));
            }
            return new TestCase(id, layout(), gpr, initialFlags(), initialFpuAndSse(), memoryArea(HarnessLayout.DATA_SIZE),
                    memoryArea(HarnessLayout.STACK_SIZE));
        }

        private void initialRegisters() {
            for (int i = 0; i < 8; i++) gpr[i] = InterestingValues.integer(random);
            if (random.nextBoolean()) gpr[1] = random.nextInt(34);   // ECX: a usable count for shifts, REP, LOOP
            gpr[REG_ESP] = InitialState.INITIAL_ESP;
            gpr[REG_EBX] = HarnessLayout.DATA_BASE + 0x100 + random.nextInt(0xE00);
            gpr[REG_EBP] = HarnessLayout.STACK_BASE + 0x900 + 4 * random.nextInt(0x40);
            gpr[REG_ESI] = HarnessLayout.DATA_BASE + 0x200 + random.nextInt(0xC00);
            gpr[REG_EDI] = HarnessLayout.DATA_BASE + 0x200 + random.nextInt(0xC00);
        }

        private int initialFlags() {
            int flags = Eflags.FIXED_1 | (random.nextInt() & Eflags.STATUS);
            if (random.nextInt(4) == 0) flags |= Eflags.DF;
            return flags;
        }

        /** Initial contents of a memory area, once the instructions are drawn. */
        private byte[] memoryArea(int size) {
            byte[] area = randomArea(size);
            if (loadsMxcsr) GenerationRules.removeVendorSpecificMxcsr(area);
            return area;
        }

        private byte[] randomArea(int size) {
            byte[] area = new byte[size];
            for (int i = 0; i < size; i += 8) {
                long v = random.nextLong();
                for (int b = 0; b < 8; b++) area[i + b] = (byte) (v >>> (8 * b));
            }
            for (int n = 0; n < 64; n++) {
                int at = random.nextInt(size / 4) * 4;
                int v = random.nextBoolean() ? InterestingValues.integer(random) : InterestingValues.float32(random);
                for (int b = 0; b < 4; b++) area[at + b] = (byte) (v >>> (8 * b));
            }
            return area;
        }

        /** x87 registers with interesting 80-bit values, every rounding and precision control; SSE likewise. */
        private byte[] initialFpuAndSse() {
            byte[] image = new byte[FxsaveImage.SIZE];
            int precision = new int[] {0, 2, 3}[random.nextInt(3)];   // single, double, extended (1 is reserved)
            int fcw = 0x007F | precision << 8 | random.nextInt(4) << 10;
            int top = random.nextInt(8);
            int fsw = top << 11 | (random.nextInt(5) == 0 ? random.nextInt(0x40) : 0);   // sticky, masked flags
            int tags = 0;
            for (int physical = 0; physical < 8; physical++) if (random.nextInt(5) < 3) tags |= 1 << physical;
            FxsaveImage.put16(image, FxsaveImage.FCW, fcw);
            FxsaveImage.put16(image, FxsaveImage.FSW, fsw);
            image[FxsaveImage.FTW] = (byte) tags;
            for (int st = 0; st < 8; st++) {
                long[] v = InterestingValues.extended(random);
                FxsaveImage.put64(image, FxsaveImage.ST0 + FxsaveImage.ST_STRIDE * st, v[1]);
                FxsaveImage.put16(image, FxsaveImage.ST0 + FxsaveImage.ST_STRIDE * st + 8, (int) v[0]);
            }
            int mxcsr = SseState.MXCSR_DEFAULT | random.nextInt(4) << 13;
            if (random.nextInt(7) == 0) mxcsr |= 0x8000;    // FZ
            if (random.nextInt(7) == 0) mxcsr |= 0x0040;    // DAZ
            if (random.nextInt(5) == 0) mxcsr |= random.nextInt(0x40);
            FxsaveImage.put32(image, FxsaveImage.MXCSR, mxcsr);
            FxsaveImage.put32(image, FxsaveImage.MXCSR_MASK_OFFSET, FxsaveImage.MXCSR_MASK);
            for (int x = 0; x < 8; x++) {
                int at = FxsaveImage.XMM0 + FxsaveImage.XMM_STRIDE * x;
                switch (random.nextInt(3)) {
                    case 0 -> { for (int l = 0; l < 4; l++) FxsaveImage.put32(image, at + 4 * l, InterestingValues.float32(random)); }
                    case 1 -> {
                        FxsaveImage.put64(image, at, InterestingValues.float64(random));
                        FxsaveImage.put64(image, at + 8, InterestingValues.float64(random));
                    }
                    default -> {
                        FxsaveImage.put64(image, at, random.nextLong());
                        FxsaveImage.put64(image, at + 8, random.nextLong());
                    }
                }
            }
            return image;
        }

        // ---- shapes ----

        /** {@code call body; jmp over; body: 0-2 instructions; ret} with {@code ret} (null: C3 or C2 iw). */
        private void callShape(OpcodeForm call, OpcodeForm retForm) {
            Piece callPiece = instruction(call, Role.CALL);
            int callIndex = pieces.size();
            pieces.add(callPiece);
            Piece jumpOver = new Piece(new byte[] {(byte) 0xEB, 0});
            jumpOver.branchAt = 1;
            jumpOver.branchSize = 1;
            jumpOver.branchTarget = false;
            pieces.add(jumpOver);
            callPiece.target = pieces.size();
            int bodyLength = random.nextInt(3);
            insideCallBody = true;
            for (int i = 0; i < bodyLength; i++) {
                OpcodeForm form = candidates.get(random.nextInt(candidates.size()));
                if (GenerationRules.roleOf(form) != Role.ORDINARY || GenerationRules.movesStackPointer(form)
                        || (form.flagsRead() & undefinedFlags) != 0) continue;
                Piece p = instruction(form, Role.ORDINARY);
                p.branchTarget = false;
                pieces.add(p);
            }
            insideCallBody = false;
            Piece ret = retForm != null ? instruction(retForm, Role.RETURN)
                    : random.nextBoolean() ? new Piece(new byte[] {(byte) 0xC3})
                    : new Piece(new byte[] {(byte) 0xC2, (byte) (2 * random.nextInt(5)), 0});
            ret.branchTarget = false;
            pieces.add(ret);
            jumpOver.target = pieces.size();
            if (callIndex + 1 < pieces.size()) pieces.get(callIndex + 1).branchTarget = false;
        }

        private void popfShape(OpcodeForm popf) {
            int flags = random.nextInt() & InitialState.SETTABLE_FLAGS | Eflags.FIXED_1;
            byte[] push = {0x68, (byte) flags, (byte) (flags >>> 8), (byte) (flags >>> 16), (byte) (flags >>> 24)};
            pieces.add(new Piece(push));
            Piece p = instruction(popf, Role.POPF);
            p.branchTarget = false;
            pieces.add(p);
        }

        // ---- one instruction from its table row ----

        private Piece instruction(OpcodeForm form, Role role) {
            String[] tokens = form.encoding().split(" ");
            List<OperandSpec> specs = new ArrayList<>();
            for (String s : form.operandSpecs()) specs.add(OperandSpec.parse(s));
            boolean mandatoryPrefix = tokens.length > 1 && (tokens[0].equals("66") || tokens[0].equals("F2")
                    || tokens[0].equals("F3")) && isHexByte(tokens[1]);
            boolean sized = specs.stream().anyMatch(s -> s.size() == OperandSpec.OPERAND_SIZE) || form.mnemonic().contains("|");
            boolean control = role == Role.FORWARD_BRANCH || role == Role.CALL;
            int operandSize = sized && !mandatoryPrefix && !control && random.nextInt(4) == 0 ? 16 : 32;
            if (GenerationRules.fixedOperandSize(form) != 0) operandSize = GenerationRules.fixedOperandSize(form);

            OperandSpec rm = specs.stream().filter(SequenceGenerator::isModrmRm).findFirst().orElse(null);
            boolean rmIsMemory = rm != null && (rm.source() == Source.MEMORY || rm.source() == Source.RM && random.nextBoolean());

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            // 9B (FWAIT) forms are two instructions to the CPU: prefixes go after the 9B, on the x87 part.
            boolean waitForm = tokens[0].equals("9B");
            if (waitForm) out.write(0x9B);
            if ((rmIsMemory || specs.stream().anyMatch(s -> s.source() == Source.MOFFS)) && random.nextInt(10) == 0) {
                out.write(new int[] {0x26, 0x36, 0x3E}[random.nextInt(3)]);   // ES SS DS: flat and writable
            }
            if (operandSize == 16) out.write(0x66);
            if (rmIsMemory && form.hasAttribute("lock") && random.nextInt(3) == 0) out.write(0xF0);
            if ((form.hasAttribute("rep") || form.hasAttribute("repe") || form.hasAttribute("repne"))
                    && random.nextInt(5) < 3) {
                out.write(form.hasAttribute("rep") ? 0xF3 : random.nextBoolean() ? 0xF3 : 0xF2);
            }

            Piece piece = null;
            int regField = -1;
            for (int i = 0; i < specs.size(); i++) {
                if (specs.get(i).source() == Source.REG) regField = register(form, specs.get(i), i, operandSize);
            }
            if (rmIsMemory && GenerationRules.isBitStringWithRegisterOffset(form)) {
                // BT* m, r address EA + (r SAR log2(width)) * width/8: a bit offset the generator knows keeps the
                // access in the data area instead of wherever a random register points (natively, possibly the
                // harness's own stack).
                regField = knownBase();
                int offset = gpr[regField];
                bitStringDisplacement = operandSize == 16 ? 2 * ((short) offset >> 4) : 4 * (offset >> 5);
            }
            ByteArrayOutputStream immediates = new ByteArrayOutputStream();
            int branchAt = -1, branchSize = 0;
            for (int t = waitForm ? 1 : 0; t < tokens.length; t++) {
                String token = tokens[t];
                if (isHexByte(token)) {
                    out.write(Integer.parseInt(token, 16));
                } else if (token.endsWith("+r")) {
                    int index = specIndex(specs, Source.OPCODE_REGISTER);
                    out.write(Integer.parseInt(token.substring(0, 2), 16)
                            + register(form, specs.get(index), index, operandSize));
                } else if (token.endsWith("+i")) {
                    out.write(Integer.parseInt(token.substring(0, 2), 16) + random.nextInt(8));
                } else if (token.equals("/r") || token.matches("/[0-7]")) {
                    int reg = token.equals("/r") ? Math.max(regField, 0) : token.charAt(1) - '0';
                    modrm(out, form, reg, rm, specs.indexOf(rm), rmIsMemory, operandSize);
                    bitStringDisplacement = 0;
                }
            }
            for (int i = 0; i < specs.size(); i++) {
                OperandSpec s = specs.get(i);
                switch (s.source()) {
                    case IMMEDIATE, IMMEDIATE_SIGN_EXTENDED -> writeLittleEndian(immediates, immediate(form, i, operandSize), s.size(operandSize));
                    case MOFFS -> writeLittleEndian(immediates,
                            HarnessLayout.DATA_BASE + random.nextInt(HarnessLayout.DATA_SIZE - 4), 4);
                    case RELATIVE -> {
                        branchSize = s.size() == 1 ? 1 : 4;
                        branchAt = out.size() + immediates.size();
                        writeLittleEndian(immediates, 0, branchSize);
                    }
                    default -> { }
                }
            }
            out.writeBytes(immediates.toByteArray());
            piece = new Piece(out.toByteArray());
            if (branchAt >= 0) {
                piece.branchAt = branchAt;
                piece.branchSize = branchSize;
            }
            if (GenerationRules.loadsMxcsr(form)) loadsMxcsr = true;
            if (role == Role.STRING) stringPointersKnown = false;   // moved by an amount only execution knows
            // A shift or rotate by a count of 0 writes no flag, so only its undefined flags are certain; after a
            // forward branch an instruction may have been jumped over, so nothing counts as defined any more.
            if (piece.branchAt >= 0) branchSeen = true;
            int defined = GenerationRules.hasVariableCount(form) || branchSeen ? 0 : form.flagsWritten();
            undefinedFlags = undefinedFlags & ~defined | form.flagsUndefined();
            if (!specs.isEmpty()) undefinedFlags |= GenerationRules.flagsUndefinedByCount(form, 8 * specs.get(0).size(operandSize));
            if (form.operation().equals("ENTER")) ebpKnown = false;
            return piece;
        }

        private int specIndex(List<OperandSpec> specs, Source source) {
            for (int i = 0; i < specs.size(); i++) if (specs.get(i).source() == source) return i;
            throw new IllegalStateException("no operand from " + source);
        }

        /** A register number for operand {@code index}, never a reserved address register if it may be written. */
        private int register(OpcodeForm form, OperandSpec spec, int index, int operandSize) {
            if (spec.bank() == RegisterBank.SEGMENT) return random.nextInt(6);
            if (spec.bank() != RegisterBank.GPR) return random.nextInt(8);
            boolean written = GenerationRules.writesAllRegisterOperands(form)
                    || index == 0 && !GenerationRules.readsFirstOperandOnly(form);
            int size = spec.size(operandSize);
            while (true) {
                int r = random.nextInt(8);
                if (!written) return r;
                if (size == 1 ? r == REG_EBX || r == REG_EBX + 4 : r == REG_ESP || r == REG_EBX || r == REG_EBP) continue;
                if (size > 1 && (r == REG_ESI || r == REG_EDI)) stringPointersValid = false;
                return r;
            }
        }

        private void modrm(ByteArrayOutputStream out, OpcodeForm form, int reg, OperandSpec rm, int rmIndex,
                           boolean memory, int operandSize) {
            if (rm == null) {   // "/digit" form without an r/m operand: register form
                out.write(0xC0 | reg << 3 | random.nextInt(8));
                return;
            }
            if (!memory) {
                int r = rm.bank() == RegisterBank.GPR ? register(form, rm, rmIndex, operandSize) : random.nextInt(8);
                out.write(0xC0 | reg << 3 | r);
                return;
            }
            int size = Math.max(1, (rm.memoryForm() != null ? rm.memoryForm() : rm).size(operandSize));
            memoryOperand(out, reg, size);
        }

        /** ModRM, SIB and displacement for a memory operand of {@code size} bytes. */
        private void memoryOperand(ByteArrayOutputStream out, int reg, int size) {
            int choice = random.nextInt(100);
            int target = dataTarget(size) - bitStringDisplacement;
            if (choice < 3) {                         // 16-bit addressing: below 64 KiB, unmapped: #PF
                byte[] prefixed = out.toByteArray();
                out.reset();
                int afterWait = prefixed[0] == (byte) 0x9B ? 1 : 0;
                out.write(prefixed, 0, afterWait);
                out.write(0x67);
                out.write(prefixed, afterWait, prefixed.length - afterWait);
                int mod = random.nextInt(3), r = random.nextInt(8);
                out.write(mod << 6 | reg << 3 | r);
                if (mod == 1) out.write(random.nextInt(256));
                else if (mod == 2 || mod == 0 && r == 6) writeLittleEndian(out, random.nextInt(0x10000), 2);
            } else if (choice < 5) {                  // unmapped page: #PF
                out.write(reg << 3 | 0b101);
                writeLittleEndian(out, HarnessLayout.UNMAPPED + random.nextInt(HarnessLayout.PAGE - size)
                        - bitStringDisplacement, 4);
            } else if (choice < 30 || choice < 45 && (size > 16 || insideCallBody && !ebpKnown)) {   // [disp32]
                out.write(reg << 3 | 0b101);
                writeLittleEndian(out, target, 4);
            } else if (choice < 45) {                 // [ebp+disp8] or [esp+disp8]: the stack area
                boolean viaEsp = !insideCallBody && random.nextBoolean();
                int displacement = random.nextInt(-120, 120 - size);
                out.write(0b01 << 6 | reg << 3 | (viaEsp ? 0b100 : REG_EBP));
                if (viaEsp) out.write(0x24);
                out.write(displacement);
            } else if (choice < 75) {                 // [base+disp]
                int base = knownBase();
                baseDisplacement(out, reg << 3 | base, target - gpr[base], base == REG_EBP);
            } else {                                  // SIB: [base+index*scale+disp] or [index*scale+disp32]
                int index = knownBase();
                int scaleBits = random.nextInt(4);
                int scaled = gpr[index] << scaleBits;
                if (random.nextInt(4) == 0) {
                    out.write(reg << 3 | 0b100);
                    out.write(scaleBits << 6 | index << 3 | 0b101);
                    writeLittleEndian(out, target - scaled, 4);
                } else {
                    int base = knownBase();
                    int displacement = target - gpr[base] - scaled;
                    boolean fits8 = displacement == (byte) displacement;
                    int mod = displacement == 0 && base != REG_EBP && random.nextBoolean() ? 0 : fits8 ? 1 : 2;
                    out.write(mod << 6 | reg << 3 | 0b100);
                    out.write(scaleBits << 6 | index << 3 | base);
                    if (mod == 1) out.write(displacement);
                    else if (mod == 2) writeLittleEndian(out, displacement, 4);
                }
            }
        }

        private void baseDisplacement(ByteArrayOutputStream out, int modrmLow, int displacement, boolean baseIsEbp) {
            boolean fits8 = displacement == (byte) displacement;
            if (displacement == 0 && !baseIsEbp && random.nextBoolean()) {
                out.write(modrmLow);
            } else if (fits8) {
                out.write(0b01 << 6 | modrmLow);
                out.write(displacement);
            } else {
                out.write(0b10 << 6 | modrmLow);
                writeLittleEndian(out, displacement, 4);
            }
        }

        /** A register whose value is known and fixed for the rest of the sequence. */
        private int knownBase() {
            while (true) {
                int r = new int[] {REG_EBX, REG_EBP, REG_ESI, REG_EDI}[random.nextInt(4)];
                if (r == REG_EBP && !ebpKnown) continue;
                if ((r == REG_ESI || r == REG_EDI) && !(stringPointersValid && stringPointersKnown)) continue;
                return r;
            }
        }

        /** An address in the data area for an access of {@code size} bytes; mostly naturally aligned. */
        private int dataTarget(int size) {
            int limit = HarnessLayout.DATA_SIZE - Math.min(size, 512);
            int offset = random.nextInt(limit + 1);
            int alignment = Math.min(Integer.highestOneBit(size), 16);
            if (random.nextInt(5) != 0) offset &= -alignment;
            return HarnessLayout.DATA_BASE + offset;
        }

        private int immediate(OpcodeForm form, int index, int operandSize) {
            String op = form.operation();
            return switch (op) {
                case "ENTER" -> index == 0 ? 4 * random.nextInt(16) : random.nextInt(3);
                case "RET" -> 2 * random.nextInt(5);
                case "INT" -> 3;
                case "SHLD", "SHRD" -> operandSize == 16
                        ? InterestingValues.count(random) % (GenerationRules.LARGEST_DEFINED_16_BIT_DOUBLE_SHIFT_COUNT + 1)
                        : InterestingValues.count(random);
                case "SHL", "SHR", "SAR", "ROL", "ROR", "RCL", "RCR" -> InterestingValues.count(random);
                case "CMPPS", "CMPPD", "CMPSS", "CMPSD_XMM" -> random.nextInt(8);
                default -> InterestingValues.integer(random);
            };
        }

        // ---- layout ----

        private byte[] layout() {
            int[] offset = new int[pieces.size() + 1];
            for (int i = 0; i < pieces.size(); i++) offset[i + 1] = offset[i] + pieces.get(i).bytes.length;
            ByteArrayOutputStream code = new ByteArrayOutputStream();
            for (int i = 0; i < pieces.size(); i++) {
                Piece p = pieces.get(i);
                if (p.branchAt >= 0) {
                    int target = p.target >= 0 ? p.target : forwardTarget(i);
                    int displacement = offset[target] - offset[i + 1];
                    if (p.branchSize == 1 && displacement != (byte) displacement) displacement = 0;
                    for (int b = 0; b < p.branchSize; b++) p.bytes[p.branchAt + b] = (byte) (displacement >>> (8 * b));
                }
                code.writeBytes(p.bytes);
            }
            return code.toByteArray();
        }

        private int forwardTarget(int from) {
            List<Integer> targets = new ArrayList<>();
            for (int t = from + 1; t < pieces.size(); t++) if (pieces.get(t).branchTarget) targets.add(t);
            targets.add(pieces.size());
            return targets.get(random.nextInt(targets.size()));
        }
    }

    /** ModRM r/m operands: register or memory, memory only, register only. */
    private static boolean isModrmRm(OperandSpec spec) {
        return spec.source() == Source.RM || spec.source() == Source.MEMORY || spec.source() == Source.RM_REGISTER;
    }

    private static boolean isHexByte(String token) { return token.matches("[0-9A-F]{2}"); }

    private static void writeLittleEndian(ByteArrayOutputStream out, int value, int size) {
        for (int b = 0; b < size; b++) out.write(value >>> (8 * b));
    }
}
