package ukcf.cpu.verify.nativeharness;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny i386 assembler: each method emits one instruction form by name, so that the native harness reads like
 * the assembly it is. Only the forms the harness needs exist. Addresses are absolute (the harness is a static
 * executable at a fixed origin); labels are resolved when {@link #toBytes()} is called.
 */
public final class X86Emitter {

    /** 32-bit general-purpose registers in ModRM encoding order. */
    public enum Reg { EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI;
        int code() { return ordinal(); }
    }

    /** Jcc condition codes (low nibble of 0F 8x). */
    public enum Condition {
        OVERFLOW(0), BELOW(2), ABOVE_OR_EQUAL(3), EQUAL(4), NOT_EQUAL(5), LESS(0xC), LESS_OR_EQUAL(0xE);
        final int code;
        Condition(int code) { this.code = code; }
    }

    /** A position in the emitted image, bound once. */
    public static final class Label {
        private int offset = -1;
    }

    private enum FixupKind { REL32, ABS32 }

    private record Fixup(int at, Label label, FixupKind kind) { }

    private final int origin;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<Fixup> fixups = new ArrayList<>();

    /** @param origin absolute address of the first emitted byte */
    public X86Emitter(int origin) { this.origin = origin; }

    public int here() { return origin + out.size(); }

    public void bind(Label label) {
        if (label.offset >= 0) throw new IllegalStateException("label bound twice");
        label.offset = out.size();
    }

    public int addressOf(Label label) {
        if (label.offset < 0) throw new IllegalStateException("label not bound");
        return origin + label.offset;
    }

    public byte[] toBytes() {
        byte[] image = out.toByteArray();
        for (Fixup f : fixups) {
            int target = addressOf(f.label);
            int value = f.kind == FixupKind.REL32 ? target - (origin + f.at + 4) : target;
            putInt(image, f.at, value);
        }
        return image;
    }

    // ---- raw data ----

    public void byte8(int value) { out.write(value); }

    public void dword(int value) {
        for (int i = 0; i < 4; i++) out.write(value >>> (8 * i));
    }

    public void dword(Label label) {
        fixups.add(new Fixup(out.size(), label, FixupKind.ABS32));
        dword(0);
    }

    public void align(int boundary) {
        while (out.size() % boundary != 0) out.write(0);
    }

    private void rel32(Label label) {
        fixups.add(new Fixup(out.size(), label, FixupKind.REL32));
        dword(0);
    }

    private void modrmAbsolute(int regField, int address) {
        out.write((regField << 3) | 0b101);
        dword(address);
    }

    /** ModRM (+SIB) for [base + disp32]. */
    private void modrmBaseDisp32(int regField, Reg base, int displacement) {
        out.write(0b10 << 6 | regField << 3 | base.code());
        if (base == Reg.ESP) out.write(0x24);
        dword(displacement);
    }

    private void modrmRegisters(int regField, Reg rm) { out.write(0b11 << 6 | regField << 3 | rm.code()); }

    // ---- moves ----

    /** mov $imm, %reg */
    public void movImm(Reg reg, int value) { out.write(0xB8 + reg.code()); dword(value); }

    /** mov $label, %reg */
    public void movImm(Reg reg, Label label) { out.write(0xB8 + reg.code()); dword(label); }

    /** mov %src, %dst */
    public void mov(Reg dst, Reg src) { out.write(0x89); modrmRegisters(src.code(), dst); }

    /** mov address, %reg (absolute memory) */
    public void load(Reg reg, int address) { out.write(0x8B); modrmAbsolute(reg.code(), address); }

    /** mov %reg, address */
    public void store(int address, Reg reg) { out.write(0x89); modrmAbsolute(reg.code(), address); }

    /** movl $imm, address */
    public void storeImm(int address, int value) { out.write(0xC7); modrmAbsolute(0, address); dword(value); }

    /** mov disp(%base), %reg */
    public void load(Reg reg, Reg base, int displacement) { out.write(0x8B); modrmBaseDisp32(reg.code(), base, displacement); }

    /** movl $label, disp(%base) */
    public void storeImm(Reg base, int displacement, Label value) {
        out.write(0xC7); modrmBaseDisp32(0, base, displacement); dword(value);
    }

    /** movl $imm, disp(%base) */
    public void storeImm(Reg base, int displacement, int value) {
        out.write(0xC7); modrmBaseDisp32(0, base, displacement); dword(value);
    }

    /** movb $imm, disp(%base) */
    public void storeImm8(Reg base, int displacement, int value) {
        out.write(0xC6); modrmBaseDisp32(0, base, displacement); out.write(value);
    }

    // ---- arithmetic ----

    public void add(Reg dst, Reg src) { out.write(0x01); modrmRegisters(src.code(), dst); }

    public void sub(Reg dst, Reg src) { out.write(0x29); modrmRegisters(src.code(), dst); }

    public void xor(Reg dst, Reg src) { out.write(0x31); modrmRegisters(src.code(), dst); }

    public void test(Reg a, Reg b) { out.write(0x85); modrmRegisters(b.code(), a); }

    public void subImm(Reg reg, int value) { out.write(0x81); modrmRegisters(5, reg); dword(value); }

    public void cmpImm(Reg reg, int value) { out.write(0x81); modrmRegisters(7, reg); dword(value); }

    // ---- control ----

    public void jmp(Label label) { out.write(0xE9); rel32(label); }

    /** jmp to an absolute address through a rel32 displacement (no register or flag is touched). */
    public void jmpTo(int address) { out.write(0xE9); dword(address - (here() + 4)); }

    /** jmp *address */
    public void jmpIndirect(int address) { out.write(0xFF); modrmAbsolute(4, address); }

    public void jcc(Condition condition, Label label) { out.write(0x0F); out.write(0x80 | condition.code); rel32(label); }

    public void ret() { out.write(0xC3); }

    /** int $0x80: an i386 Linux system call (number in EAX, arguments in EBX, ECX, EDX, ESI, EDI). */
    public void syscall() { out.write(0xCD); out.write(0x80); }

    // ---- stack and flags ----

    /** pushl address */
    public void push(int address) { out.write(0xFF); modrmAbsolute(6, address); }

    /** popl address */
    public void pop(int address) { out.write(0x8F); modrmAbsolute(0, address); }

    public void pushf() { out.write(0x9C); }

    public void popf() { out.write(0x9D); }

    public void cld() { out.write(0xFC); }

    // ---- strings and FPU state ----

    public void repMovsb() { out.write(0xF3); out.write(0xA4); }

    public void repMovsd() { out.write(0xF3); out.write(0xA5); }

    /** fxsave address (must be 16-byte aligned) */
    public void fxsave(int address) { out.write(0x0F); out.write(0xAE); modrmAbsolute(0, address); }

    /** fxrstor address (must be 16-byte aligned) */
    public void fxrstor(int address) { out.write(0x0F); out.write(0xAE); modrmAbsolute(1, address); }

    static void putInt(byte[] b, int at, int value) {
        for (int i = 0; i < 4; i++) b[at + i] = (byte) (value >>> (8 * i));
    }
}
