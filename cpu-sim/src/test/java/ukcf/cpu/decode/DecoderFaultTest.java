package ukcf.cpu.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.memory.AddressSpace;
import ukcf.cpu.memory.PagedMemory;
import ukcf.cpu.memory.Privilege;
import ukcf.cpu.memory.Protection;

/** Bytes the decoder must refuse, and the guest faults it raises for them. */
class DecoderFaultTest {
    private static GuestFault fault(int address, int... bytes) {
        byte[] code = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) code[i] = (byte) bytes[i];
        return assertThrows(GuestFault.class, () -> Decoder.decode(code, 0, address));
    }

    @Test
    void undefinedOpcodesRaiseUdNamingAddressAndBytes() {
        GuestFault f = fault(0x0804a000, 0x0f, 0x04);
        assertEquals(ExceptionVector.UD, f.vector());
        assertEquals("undefined opcode at 0x0804a000: 0f 04", f.detail());
        assertEquals("undefined opcode at 0x00001000: d6", fault(0x1000, 0xd6).detail());
        assertEquals("undefined opcode at 0x00001000: 66 0f 38 ff", fault(0x1000, 0x66, 0x0f, 0x38, 0xff).detail());
        // A ModRM form that needs memory, given a register (LEA, LDS, CMPXCHG8B, x87 memory ops).
        assertEquals("undefined opcode at 0x00002000: 8d c0", fault(0x2000, 0x8d, 0xc0).detail());
        assertEquals("undefined opcode at 0x00002000: 0f c7 c8", fault(0x2000, 0x0f, 0xc7, 0xc8).detail());
        // A reg field no form uses (FE /2), and an undefined x87 register form.
        assertEquals("undefined opcode at 0x00002000: fe d0", fault(0x2000, 0xfe, 0xd0).detail());
        assertEquals("undefined opcode at 0x00002000: d9 d8", fault(0x2000, 0xd9, 0xd8).detail());
    }

    @Test
    void lockOnlyOnLockableFormsWithAMemoryDestination() {
        assertEquals(ExceptionVector.UD, fault(0, 0xf0, 0x01, 0xc8).vector());       // lock add %ecx,%eax
        assertEquals("LOCK prefix not allowed on mov at 0x00000000: f0 89 08", fault(0, 0xf0, 0x89, 0x08).detail());
        assertEquals(ExceptionVector.UD, fault(0, 0xf0, 0x39, 0x08).vector());       // lock cmp
        assertEquals(ExceptionVector.UD, fault(0, 0xf0, 0x9b, 0xd9, 0x00).vector()); // lock fwait
        Instruction ok = Decoder.decode(new byte[] {(byte) 0xf0, 0x0f, (byte) 0xb1, 0x0a}, 0, 0);
        assertEquals("CMPXCHG", ok.form().operation());
        assertEquals(true, ok.has(Prefix.LOCK));
    }

    @Test
    void fwaitJoinsWaitFormsForTheCpuAndAnyX87InstructionInAListing() {
        byte[] fstsw = {(byte) 0x9b, (byte) 0xdf, (byte) 0xe0};
        assertEquals("FSTSW", Decoder.decode(fstsw, 0, 0).form().operation());
        assertEquals("FSTSW", Decoder.decodeListing(fstsw, 0, 0).form().operation());
        byte[] waitThenLoad = {(byte) 0x9b, (byte) 0xd9, 0x00};
        assertEquals("FWAIT", Decoder.decode(waitThenLoad, 0, 0).form().operation());
        assertEquals(1, Decoder.decode(waitThenLoad, 0, 0).length());
        assertEquals("FLD", Decoder.decodeListing(waitThenLoad, 0, 0).form().operation());
        Instruction flds = Decoder.decodeListing(new byte[] {0x64, (byte) 0x9b, (byte) 0xd9, 0x00}, 0, 0);
        assertEquals("FLD", flds.form().operation());
        assertEquals(4, flds.length());
        assertEquals(true, flds.has(Prefix.FWAIT));
        assertEquals(Segment.FS, flds.segmentOverride());
        Instruction lone = Decoder.decodeListing(new byte[] {(byte) 0x9b, 0x0f, 0x0b}, 0, 0);
        assertEquals("FWAIT", lone.form().operation());
        assertEquals(1, lone.length());
        Instruction beforeUndefined = Decoder.decodeListing(new byte[] {(byte) 0x9b, (byte) 0xd9, (byte) 0xd8}, 0, 0);
        assertEquals(1, beforeUndefined.length());
        // a 9B at the end of the bytes is a lone FWAIT, not a fault
        assertEquals(1, Decoder.decodeListing(new byte[] {(byte) 0x9b}, 0, 0).length());
    }

    @Test
    void instructionsLongerThan15BytesRaiseGp() {
        int[] bytes = new int[16];
        java.util.Arrays.fill(bytes, 0x66);
        bytes[15] = 0x90;   // 15 prefixes, then the opcode as a 16th byte
        GuestFault f = fault(0x3000, bytes);
        assertEquals(ExceptionVector.GP, f.vector());
        assertEquals(0, f.errorCode());
        // 14 prefixes and a one-byte opcode is exactly 15 bytes: legal.
        byte[] fifteen = new byte[15];
        java.util.Arrays.fill(fifteen, (byte) 0x66);
        fifteen[14] = (byte) 0x90;
        assertEquals(15, Decoder.decode(fifteen, 0, 0).length());
    }

    @Test
    void fetchAcrossAnUnmappedPageRaisesPf() {
        AddressSpace space = new AddressSpace();
        space.map(0x10000, AddressSpace.PAGE_SIZE, Protection.USER_READ_EXECUTE);
        PagedMemory memory = space.newView(Privilege.USER);
        int last = 0x10000 + AddressSpace.PAGE_SIZE - 2;
        space.writeHost(last, new byte[] {(byte) 0x8b, (byte) 0x80}, 0, 2);   // mov disp32(%eax),%eax: 6 bytes
        GuestFault f = assertThrows(GuestFault.class, () -> Decoder.decode(memory, last));
        assertEquals(ExceptionVector.PF, f.vector());
        assertEquals(0x11000, f.faultAddress());
        // A one-byte instruction at the very end of the page decodes without touching the next page.
        space.writeHost(last + 1, new byte[] {(byte) 0xc3}, 0, 1);
        assertEquals(1, Decoder.decode(memory, last + 1).length());
        // FWAIT at the end of the page, followed by an unmapped page: a plain FWAIT, not a fault.
        space.writeHost(last + 1, new byte[] {(byte) 0x9b}, 0, 1);
        assertEquals("FWAIT", Decoder.decode(memory, last + 1).form().operation());
    }

    @Test
    void decodesOperandsWithSegmentsAndSizes() {
        Instruction insn = Decoder.decode(new byte[] {0x64, (byte) 0xa1, 0x14, 0, 0, 0}, 0, 0);
        assertEquals(new Operand.Mem(Segment.FS, -1, -1, 1, 0x14, 4, 32), insn.operand(1));
        insn = Decoder.decode(new byte[] {(byte) 0x8b, 0x45, (byte) 0xfc}, 0, 0);
        assertEquals(new Operand.Mem(Segment.SS, 5, -1, 1, -4, 4, 32), insn.operand(1));
        insn = Decoder.decode(new byte[] {(byte) 0x8b, 0x04, (byte) 0x9c}, 0, 0);
        assertEquals(new Operand.Mem(Segment.SS, 4, 3, 4, 0, 4, 32), insn.operand(1));
        insn = Decoder.decode(new byte[] {0x66, (byte) 0x8b, 0x04, (byte) 0x9d, 0x10, 0, 0, 0}, 0, 0);
        assertEquals(new Operand.Mem(Segment.DS, -1, 3, 4, 0x10, 2, 32), insn.operand(1));
        assertEquals(new Operand.Reg(RegisterBank.GPR, 0, 2), insn.operand(0));
        insn = Decoder.decode(new byte[] {0x67, (byte) 0x8b, 0x42, 0x02}, 0, 0);   // mov 0x2(%bp,%si),%eax
        assertEquals(new Operand.Mem(Segment.SS, 5, 6, 1, 2, 4, 16), insn.operand(1));
        insn = Decoder.decode(new byte[] {(byte) 0xdd, 0x05, 0, 0x10, 0, 0}, 0, 0);  // fldl 0x1000
        assertEquals(8, ((Operand.Mem) insn.operand(0)).size());
        insn = Decoder.decode(new byte[] {(byte) 0xdb, 0x28}, 0, 0);                  // fldt (%eax)
        assertEquals(10, ((Operand.Mem) insn.operand(0)).size());
        insn = Decoder.decode(new byte[] {0x66, 0x0f, 0x6f, 0x00}, 0, 0);             // movdqa (%eax),%xmm0
        assertEquals(16, ((Operand.Mem) insn.operand(1)).size());
        assertEquals(32, insn.operandSize());
        insn = Decoder.decode(new byte[] {(byte) 0xf2, 0x0f, 0x10, 0x00}, 0, 0);      // movsd (%eax),%xmm0
        assertEquals(8, ((Operand.Mem) insn.operand(1)).size());
        assertEquals(0, insn.prefixes());
        insn = Decoder.decode(new byte[] {0x26, 0x3e, 0x64, (byte) 0x8b, 0x00}, 0, 0); // last segment prefix wins
        assertEquals(Segment.FS, insn.segmentOverride());
        insn = Decoder.decode(new byte[] {(byte) 0xc4, 0x00}, 0, 0);                  // les (%eax),%eax: m16:32
        assertEquals(6, ((Operand.Mem) insn.operand(1)).size());
        insn = Decoder.decode(new byte[] {(byte) 0x83, (byte) 0xc0, (byte) 0xff}, 0, 0);
        assertEquals(new Operand.Imm(-1, 1), insn.operand(1));
    }

    @Test
    void relativeTargetsAreResolvedAndWrapUnderOperandSizePrefix() {
        Instruction call = Decoder.decode(new byte[] {(byte) 0xe8, (byte) 0xfb, (byte) 0xff, (byte) 0xff, (byte) 0xff}, 0, 0x08048000);
        assertEquals(new Operand.Rel(0x08048000), call.operand(0));
        Instruction jmp16 = Decoder.decode(new byte[] {0x66, (byte) 0xe9, 0x00, 0x10}, 0, 0x0804fff0);
        assertEquals(new Operand.Rel(0x0ff4), jmp16.operand(0));
        Instruction jcc = Decoder.decode(new byte[] {0x74, (byte) 0x80}, 0, 0x100);
        assertEquals(new Operand.Rel(0x102 - 128), jcc.operand(0));
        assertEquals(4, jcc.form().condition());
    }
}
