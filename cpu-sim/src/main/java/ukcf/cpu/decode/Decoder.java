package ukcf.cpu.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.memory.Memory;

/**
 * The IA-32 instruction decoder, built from {@link OpcodeTable} when the class loads.
 *
 * <p>Each opcode byte of each map (one-byte, 0F, 0F 38, 0F 3A) has a slot listing the forms that share it,
 * most specific first (mandatory prefix, fixed ModRM byte, x87 register, ModRM reg field). Decoding reads the
 * prefixes, the opcode, the ModRM byte when the slot needs one, picks the first matching form, then decodes
 * operands from the form's compiled operand specs. The SDM's wait forms of x87 control instructions
 * (9B DB E3 = FINIT) decode as one instruction; listings ({@link #decodeListing}) join FWAIT with any x87
 * instruction, as objdump shows them.
 */
public final class Decoder {
    /** The architectural instruction length limit (SDM vol. 2, 2.3.11). */
    public static final int MAX_LENGTH = 15;

    private static final int FWAIT = 0x9B, X87_FIRST_ESCAPE = 0xD8, X87_LAST_ESCAPE = 0xDF;
    private static final int MAP_ONE_BYTE = 0, MAP_0F = 1, MAP_0F38 = 2, MAP_0F3A = 3, MAP_WAIT = 4;
    private static final Shape[][][] SLOTS = new Shape[5][256][];
    private static final boolean[][] SLOT_HAS_MODRM = new boolean[5][256];
    /** Each table form compiled, by {@link OpcodeForm#id()}. */
    private static final Shape[] SHAPES = new Shape[OpcodeTable.forms().size()];

    private static final int PREFIX_NONE = 0, PREFIX_LOCK = 1, PREFIX_REP = 2, PREFIX_REPNE = 3,
            PREFIX_OPERAND = 4, PREFIX_ADDRESS = 5, PREFIX_SEGMENT = 6;
    private static final byte[] PREFIX_KIND = new byte[256];
    private static final Segment[] PREFIX_SEGMENT_OF = new Segment[256];

    static {
        PREFIX_KIND[0xF0] = PREFIX_LOCK;
        PREFIX_KIND[0xF3] = PREFIX_REP;
        PREFIX_KIND[0xF2] = PREFIX_REPNE;
        PREFIX_KIND[0x66] = PREFIX_OPERAND;
        PREFIX_KIND[0x67] = PREFIX_ADDRESS;
        int[] segmentPrefixes = {0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65};
        for (int i = 0; i < segmentPrefixes.length; i++) {
            PREFIX_KIND[segmentPrefixes[i]] = PREFIX_SEGMENT;
            PREFIX_SEGMENT_OF[segmentPrefixes[i]] = Segment.ofEncoding(i);
        }
        buildSlots();
    }

    private Decoder() { }

    /** One form compiled for matching and operand decoding. */
    private record Shape(OpcodeForm form, int mandatoryPrefix, int opcodeLength, int modrmMask, int modrmValue,
                         boolean needsModrm,
                         boolean memoryOnly, boolean registerOnly, boolean onlyWithoutOperandPrefix,
                         OperandSpec[] operands) {

        boolean matches(int simdPrefix, int modrm, boolean operandPrefix) {
            if (mandatoryPrefix != simdPrefix) return false;
            if (onlyWithoutOperandPrefix && operandPrefix) return false;
            if (!needsModrm) return true;
            if ((modrm & modrmMask) != modrmValue) return false;
            boolean registerForm = (modrm & 0xC0) == 0xC0;
            return registerForm ? !memoryOnly : !registerOnly;
        }

        int specificity() {
            return (mandatoryPrefix != 0 ? 8 : 0) + Integer.bitCount(modrmMask) + (onlyWithoutOperandPrefix ? 1 : 0)
                    + (memoryOnly || registerOnly ? 1 : 0);
        }
    }

    private static void buildSlots() {
        List<List<Shape>>[] lists = new List[5];
        for (int m = 0; m < 5; m++) {
            lists[m] = new ArrayList<>();
            for (int i = 0; i < 256; i++) lists[m].add(new ArrayList<>());
        }
        for (OpcodeForm form : OpcodeTable.forms()) {
            String[] tokens = form.encoding().split(" ");
            int t = 0;
            int mandatory = 0;
            if (tokens.length > 1 && (tokens[0].equals("66") || tokens[0].equals("F2") || tokens[0].equals("F3"))) {
                mandatory = Integer.parseInt(tokens[t++], 16);
            }
            int map = MAP_ONE_BYTE;
            if (tokens[t].equals("0F")) {
                t++;
                map = MAP_0F;
                if (tokens[t].equals("38")) { map = MAP_0F38; t++; }
                else if (tokens[t].equals("3A")) { map = MAP_0F3A; t++; }
            } else if (tokens[t].equals("9B") && tokens.length > t + 1 && isHex(tokens[t + 1])) {
                map = MAP_WAIT;
                t++;
            }
            String opcodeToken = tokens[t++];
            boolean registerInOpcode = opcodeToken.endsWith("+r");
            int opcode = Integer.parseInt(registerInOpcode ? opcodeToken.substring(0, 2) : opcodeToken, 16);
            int modrmMask = 0, modrmValue = 0;
            boolean needsModrm = false;
            if (t < tokens.length) {
                String m = tokens[t];
                if (m.equals("/r")) {
                    needsModrm = true;
                } else if (m.length() == 2 && m.charAt(0) == '/') {
                    needsModrm = true;
                    modrmMask = 0x38;
                    modrmValue = (m.charAt(1) - '0') << 3;
                } else if (m.endsWith("+i")) {
                    needsModrm = true;
                    modrmMask = 0xF8;
                    modrmValue = Integer.parseInt(m.substring(0, 2), 16);
                } else if (isHex(m)) {
                    needsModrm = true;
                    modrmMask = 0xFF;
                    modrmValue = Integer.parseInt(m, 16);
                }
            }
            OperandSpec[] specs = form.operandSpecs().stream().map(OperandSpec::parse).toArray(OperandSpec[]::new);
            boolean memoryOnly = false, registerOnly = false;
            for (OperandSpec s : specs) {
                if (s.source() == OperandSpec.Source.MEMORY) memoryOnly = true;
                if (s.source() == OperandSpec.Source.RM_REGISTER) registerOnly = !form.hasAttribute("anymod");
                if (s.usesModrm() && !needsModrm) {
                    throw new IllegalStateException("operand " + s.code() + " without ModRM in " + form);
                }
            }
            int opcodeLength = map == MAP_ONE_BYTE || map == MAP_WAIT ? 1 : map == MAP_0F ? 2 : 3;
            Shape shape = new Shape(form, mandatory, opcodeLength, modrmMask, modrmValue, needsModrm, memoryOnly,
                    registerOnly, form.hasAttribute("o32"), specs);
            SHAPES[form.id()] = shape;
            int count = registerInOpcode ? 8 : 1;
            for (int i = 0; i < count; i++) lists[map].get(opcode + i).add(shape);
        }
        for (int m = 0; m < 5; m++) {
            for (int op = 0; op < 256; op++) {
                List<Shape> shapes = lists[m].get(op);
                if (shapes.isEmpty()) continue;
                shapes.sort(Comparator.comparingInt(Shape::specificity).reversed());
                boolean modrm = shapes.get(0).needsModrm;
                for (Shape s : shapes) {
                    if (s.needsModrm != modrm) {
                        throw new IllegalStateException("opcode slot mixes ModRM and non-ModRM forms: " + s.form);
                    }
                }
                SLOT_HAS_MODRM[m][op] = modrm;
                SLOTS[m][op] = shapes.toArray(new Shape[0]);
            }
        }
    }

    /**
     * Opcode bytes of a table form, escapes included, mandatory prefix and FWAIT excluded: where its ModRM
     * byte sits after the prefixes. Forms not from the table (test fixtures) count as one byte.
     */
    public static int opcodeLength(OpcodeForm form) {
        Shape shape = shapeOf(form);
        return shape == null ? 1 : shape.opcodeLength;
    }

    /** The mandatory prefix byte (0x66, 0xF2, 0xF3) that selects a table form, or 0. */
    public static int mandatoryPrefix(OpcodeForm form) {
        Shape shape = shapeOf(form);
        return shape == null ? 0 : shape.mandatoryPrefix;
    }

    private static Shape shapeOf(OpcodeForm form) {
        int id = form.id();
        return id >= 0 && id < SHAPES.length && SHAPES[id].form == form ? SHAPES[id] : null;
    }

    private static boolean isHex(String token) {
        return token.length() == 2 && isUpperHex(token.charAt(0)) && isUpperHex(token.charAt(1));
    }

    /** Opcode bytes are written in upper case; lower-case tokens (ib, cb...) name immediates. */
    private static boolean isUpperHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }

    /** Where instruction bytes come from. */
    @FunctionalInterface
    private interface ByteSource {
        int byteAt(int index);
    }

    /** Decodes the instruction at {@code address} of guest memory (fetch permission; faults propagate). */
    public static Instruction decode(Memory memory, int address) {
        return new Cursor(i -> memory.fetch8(address + i), address, false).decode();
    }

    /** Decodes the instruction at {@code code[offset]}, which sits at guest {@code address}. */
    public static Instruction decode(byte[] code, int offset, int address) {
        return new Cursor(bytesOf(code, offset, address), address, false).decode();
    }

    /**
     * Decodes as a listing shows code rather than as the CPU executes it: an FWAIT (9B) among the prefixes of
     * any x87 instruction joins it, as objdump prints them ({@code 64 9B D9 00} is {@code flds %fs:(%eax)}).
     * {@link #decode} joins only the SDM's wait forms (9B DF E0 = FSTSW AX) and otherwise returns FWAIT alone.
     */
    public static Instruction decodeListing(byte[] code, int offset, int address) {
        return new Cursor(bytesOf(code, offset, address), address, true).decode();
    }

    private static ByteSource bytesOf(byte[] code, int offset, int address) {
        return i -> {
            int at = offset + i;
            if (at >= code.length) {
                throw GuestFault.pageFault(address + i, GuestFault.PF_FETCH);
            }
            return code[at] & 0xFF;
        };
    }

    /** The state of one decode. */
    private static final class Cursor {
        private final ByteSource source;
        private final int address;
        private final byte[] bytes = new byte[MAX_LENGTH];
        private final boolean listing;
        private int length;

        Cursor(ByteSource source, int address, boolean listing) {
            this.source = source;
            this.address = address;
            this.listing = listing;
        }

        private int next() {
            if (length >= MAX_LENGTH) {
                throw new GuestFault(ExceptionVector.GP, GuestFault.UNKNOWN_EIP, 0, 0,
                        "instruction longer than 15 bytes at " + where());
            }
            int b = source.byteAt(length);
            bytes[length++] = (byte) b;
            return b;
        }

        private int next16() { int lo = next(); return lo | (next() << 8); }

        private int next32() { int lo = next16(); return lo | (next16() << 16); }

        private String where() {
            StringBuilder s = new StringBuilder(String.format("0x%08x:", address));
            for (int i = 0; i < length; i++) s.append(String.format(" %02x", bytes[i] & 0xFF));
            return s.toString();
        }

        private GuestFault undefined(String what) {
            return GuestFault.of(ExceptionVector.UD, what + " at " + where());
        }

        /** Whether a 9B was read as a prefix in this attempt. */
        private boolean sawWait;

        /**
         * FWAIT (9B) before an x87 instruction. For the CPU it is an instruction of its own, except in the
         * SDM's wait forms of the non-waiting control instructions (9B DF E0 = FSTSW AX, 9B DB E3 = FINIT...),
         * which decode as one instruction. In a listing, objdump's view: a 9B anywhere among the prefixes of any
         * x87 instruction joins it ({@link Prefix#FWAIT}). When the bytes after it are no such instruction (or
         * fault), 9B is a lone FWAIT and what follows is the next instruction.
         */
        Instruction decode() {
            try {
                Instruction withWait = decodeFrom(true);
                if (withWait != null) return withWait;
            } catch (GuestFault fault) {
                if (!sawWait) throw fault;
            }
            length = 0;
            return decodeFrom(false);
        }

        private Instruction decodeFrom(boolean waitIsPrefix) {
            sawWait = false;
            int prefixes = 0;
            int lastRepeat = 0;
            Segment segment = null;
            int b;
            while (true) {
                b = next();
                if (b == FWAIT && waitIsPrefix) {
                    sawWait = true;
                    prefixes |= Prefix.FWAIT;
                    continue;
                }
                int kind = PREFIX_KIND[b];
                if (kind == PREFIX_NONE) break;
                switch (kind) {
                    case PREFIX_LOCK: prefixes |= Prefix.LOCK; break;
                    case PREFIX_REP: prefixes |= Prefix.REP; lastRepeat = 0xF3; break;
                    case PREFIX_REPNE: prefixes |= Prefix.REPNE; lastRepeat = 0xF2; break;
                    case PREFIX_OPERAND: prefixes |= Prefix.OPERAND_SIZE; break;
                    case PREFIX_ADDRESS: prefixes |= Prefix.ADDRESS_SIZE; break;
                    default: segment = PREFIX_SEGMENT_OF[b];
                }
            }
            int opcodeAt = length - 1;
            int map = MAP_ONE_BYTE;
            if (b == 0x0F) {
                b = next();
                map = MAP_0F;
                if (b == 0x38) { map = MAP_0F38; b = next(); }
                else if (b == 0x3A) { map = MAP_0F3A; b = next(); }
            }
            boolean x87 = map == MAP_ONE_BYTE && b >= X87_FIRST_ESCAPE && b <= X87_LAST_ESCAPE;
            if (sawWait && !x87) return null;
            boolean operandPrefix = (prefixes & Prefix.OPERAND_SIZE) != 0;
            int simdPrefix = lastRepeat != 0 ? lastRepeat : operandPrefix ? 0x66 : 0;
            Shape[] slot = SLOTS[map][b];
            if (slot == null) throw undefined("undefined opcode");
            int modrm = SLOT_HAS_MODRM[map][b] ? next() : -1;
            Shape shape = null;
            if (sawWait && SLOTS[MAP_WAIT][b] != null) shape = select(SLOTS[MAP_WAIT][b], 0, false, modrm);
            boolean waitForm = shape != null && opcodeAt == 1;
            if (sawWait && !listing && !waitForm) return null;
            if (shape == null) shape = select(slot, simdPrefix, operandPrefix, modrm);
            if (shape == null) throw undefined("undefined opcode");
            if (shape.mandatoryPrefix == 0xF3) prefixes &= ~Prefix.REP;
            else if (shape.mandatoryPrefix == 0xF2) prefixes &= ~Prefix.REPNE;
            else if (shape.mandatoryPrefix == 0x66) prefixes &= ~Prefix.OPERAND_SIZE;
            int operandSize = (prefixes & Prefix.OPERAND_SIZE) != 0 ? 16 : 32;
            int addressSize = (prefixes & Prefix.ADDRESS_SIZE) != 0 ? 16 : 32;
            List<Operand> operands = decodeOperands(shape, modrm, operandSize, addressSize, segment);
            if ((prefixes & Prefix.LOCK) != 0
                    && (!shape.form.hasAttribute("lock") || !(operands.get(0) instanceof Operand.Mem))) {
                throw undefined("LOCK prefix not allowed on " + shape.form.mnemonic(operandSize));
            }
            return new Instruction(address, length, Arrays.copyOf(bytes, length), shape.form, prefixes, segment,
                    operandSize, addressSize, operands);
        }

        private Shape select(Shape[] slot, int simdPrefix, boolean operandPrefix, int modrm) {
            for (Shape s : slot) if (s.matches(simdPrefix, modrm, operandPrefix)) return s;
            if (simdPrefix != 0) {
                // A repeat prefix the form does not use as mandatory: 66 may still select, else none.
                if (simdPrefix != 0x66 && operandPrefix) {
                    for (Shape s : slot) if (s.matches(0x66, modrm, operandPrefix)) return s;
                }
                for (Shape s : slot) if (s.matches(0, modrm, operandPrefix)) return s;
            }
            return null;
        }

        private List<Operand> decodeOperands(Shape shape, int modrm, int operandSize, int addressSize, Segment override) {
            OperandSpec[] specs = shape.operands;
            Operand.Mem memoryOperand = null;
            if (modrm >= 0 && (modrm & 0xC0) != 0xC0 && shape.needsModrm && !shape.form.hasAttribute("anymod")) {
                memoryOperand = addressSize == 16 ? modrm16(modrm, override) : modrm32(modrm, override);
            }
            if (specs.length == 0) return List.of();
            Operand[] out = new Operand[specs.length];
            for (int i = 0; i < specs.length; i++) {
                out[i] = operand(specs[i], modrm, operandSize, addressSize, override, memoryOperand);
            }
            return List.of(out);
        }

        private Operand operand(OperandSpec spec, int modrm, int operandSize, int addressSize, Segment override,
                                Operand.Mem memoryOperand) {
            int size = spec.size(operandSize);
            switch (spec.source()) {
                case RM:
                    if (memoryOperand != null) {
                        OperandSpec memory = spec.memoryForm() != null ? spec.memoryForm() : spec;
                        return sized(memoryOperand, memory.size(operandSize));
                    }
                    return register(spec.bank(), modrm & 7, size);
                case MEMORY:
                    return sized(memoryOperand, size);
                case RM_REGISTER:
                case X87_STACK:
                    return register(spec.bank(), modrm & 7, size);
                case REG: {
                    int reg = (modrm >> 3) & 7;
                    if (spec.bank() == RegisterBank.SEGMENT && reg > 5) throw undefined("undefined segment register");
                    return register(spec.bank(), reg, size);
                }
                case OPCODE_REGISTER:
                    return register(RegisterBank.GPR, bytes[length - 1] & 7, size);
                case FIXED_REGISTER:
                    return register(spec.bank(), spec.fixedIndex(), size);
                case CONSTANT_ONE:
                    return new Operand.Imm(1, 1);
                case IMMEDIATE:
                    return new Operand.Imm(immediate(size), size);
                case IMMEDIATE_SIGN_EXTENDED:
                    return new Operand.Imm((byte) next(), 1);
                case RELATIVE: {
                    int displacement = size == 1 ? (byte) next() : size == 2 ? (short) next16() : next32();
                    int target = address + length + displacement;
                    return new Operand.Rel(operandSize == 16 ? target & 0xFFFF : target);
                }
                case MOFFS: {
                    int offset = addressSize == 16 ? next16() : next32();
                    return new Operand.Mem(override != null ? override : Segment.DS, -1, -1, 1, offset, size, addressSize);
                }
                case FAR_POINTER: {
                    int offset = operandSize == 16 ? next16() : next32();
                    return new Operand.Far(next16(), offset);
                }
                case STRING_SOURCE:
                    return new Operand.Mem(override != null ? override : Segment.DS, 6, -1, 1, 0, size, addressSize);
                case STRING_DESTINATION:
                    return new Operand.Mem(Segment.ES, 7, -1, 1, 0, size, addressSize);
                case XLAT_TABLE:
                    return new Operand.Mem(override != null ? override : Segment.DS, 3, -1, 1, 0, 1, addressSize);
                default:
                    throw new IllegalStateException(spec.toString());
            }
        }

        private int immediate(int size) {
            switch (size) {
                case 1: return next();
                case 2: return next16();
                default: return next32();
            }
        }

        private static Operand register(RegisterBank bank, int index, int size) {
            return new Operand.Reg(bank, index, size);
        }

        private static Operand.Mem sized(Operand.Mem m, int size) {
            return new Operand.Mem(m.segment(), m.base(), m.index(), m.scale(), m.displacement(), size, m.addressSize());
        }

        private static final int EBP = 5, ESP = 4;

        private Operand.Mem modrm32(int modrm, Segment override) {
            int mod = modrm >> 6, rm = modrm & 7;
            int base = rm, index = -1, scale = 1;
            if (rm == ESP) {
                int sib = next();
                scale = 1 << (sib >> 6);
                index = (sib >> 3) & 7;
                if (index == ESP) index = -1;
                base = sib & 7;
                if (base == EBP && mod == 0) base = -1;
            } else if (rm == EBP && mod == 0) {
                base = -1;
            }
            int displacement = 0;
            if (mod == 1) displacement = (byte) next();
            else if (mod == 2 || base == -1) displacement = next32();
            Segment segment = override != null ? override : (base == EBP || base == ESP) ? Segment.SS : Segment.DS;
            return new Operand.Mem(segment, base, index, scale, displacement, 0, 32);
        }

        /** 16-bit ModRM addressing (SDM vol. 2, table 2-1): BX+SI, BX+DI, BP+SI, BP+DI, SI, DI, BP, BX. */
        private static final int[] BASE16 = {3, 3, 5, 5, 6, 7, 5, 3};
        private static final int[] INDEX16 = {6, 7, 6, 7, -1, -1, -1, -1};

        private Operand.Mem modrm16(int modrm, Segment override) {
            int mod = modrm >> 6, rm = modrm & 7;
            int base = BASE16[rm], index = INDEX16[rm];
            int displacement = 0;
            if (mod == 0 && rm == 6) {
                base = -1;
                displacement = next16();
            } else if (mod == 1) {
                displacement = (byte) next();
            } else if (mod == 2) {
                displacement = (short) next16();
            }
            Segment segment = override != null ? override : base == EBP ? Segment.SS : Segment.DS;
            return new Operand.Mem(segment, base, index, 1, displacement, 0, 16);
        }
    }
}
