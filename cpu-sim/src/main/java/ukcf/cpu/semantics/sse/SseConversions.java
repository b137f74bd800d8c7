package ukcf.cpu.semantics.sse;

import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.fp.Binary32;
import ukcf.cpu.fp.Binary64;
import ukcf.cpu.interp.HandlerTable;
import ukcf.cpu.interp.Operands;

/**
 * Conversions between binary32, binary64 and 32-bit integers (SDM vol. 1, 11.4.2.5). Float-to-integer uses
 * MXCSR rounding, or truncation for the CVTT forms; out-of-range values and NaNs give the integer indefinite
 * 0x80000000 with invalid raised (the engine's rule). Scalar conversions into an XMM register keep the rest of
 * the destination; packed ones that produce two elements (CVTPD2PS, CVTPD2DQ, CVTTPD2DQ) zero the upper half.
 * The *PI forms convert to or from a pair of int32 in an MMX register or m64.
 */
public final class SseConversions {
    private SseConversions() { }

    /** Element-to-element conversion of a whole vector: source value to result, through one context per element. */
    interface VectorConversion {
        Xmm apply(Xmm destination, Xmm source, SimdExceptions exceptions);
    }

    public static void register(HandlerTable table) {
        table.register("CVTSI2SS", (cpu, insn) -> fromGeneralRegister(cpu, insn, false));
        table.register("CVTSI2SD", (cpu, insn) -> fromGeneralRegister(cpu, insn, true));
        table.register("CVTSS2SI", (cpu, insn) -> toGeneralRegister(cpu, insn, false, false));
        table.register("CVTTSS2SI", (cpu, insn) -> toGeneralRegister(cpu, insn, false, true));
        table.register("CVTSD2SI", (cpu, insn) -> toGeneralRegister(cpu, insn, true, false));
        table.register("CVTTSD2SI", (cpu, insn) -> toGeneralRegister(cpu, insn, true, true));

        vector(table, "CVTSS2SD", (d, s, e) -> d.withLo(Binary32.toBinary64(s.dword(0), e.element())));
        vector(table, "CVTSD2SS", (d, s, e) -> d.withDword(0, Binary64.toBinary32(s.lo(), e.element())));
        vector(table, "CVTPS2PD", (d, s, e) ->
                new Xmm(Binary32.toBinary64(s.dword(0), e.element()), Binary32.toBinary64(s.dword(1), e.element())));
        vector(table, "CVTPD2PS", (d, s, e) -> Xmm.ofDwords(
                Binary64.toBinary32(s.lo(), e.element()), Binary64.toBinary32(s.hi(), e.element()), 0, 0));
        vector(table, "CVTDQ2PS", (d, s, e) -> Lanes.build(32, i -> Binary32.fromInteger(s.dword(i), e.element())));
        vector(table, "CVTPS2DQ", (d, s, e) ->
                Lanes.build(32, i -> Binary32.toInteger(s.dword(i), 32, false, e.element())));
        vector(table, "CVTTPS2DQ", (d, s, e) ->
                Lanes.build(32, i -> Binary32.toInteger(s.dword(i), 32, true, e.element())));
        vector(table, "CVTDQ2PD", (d, s, e) ->
                new Xmm(Binary64.fromInteger(s.dword(0), e.element()), Binary64.fromInteger(s.dword(1), e.element())));
        vector(table, "CVTPD2DQ", (d, s, e) -> Xmm.ofDwords(
                (int) Binary64.toInteger(s.lo(), 32, false, e.element()),
                (int) Binary64.toInteger(s.hi(), 32, false, e.element()), 0, 0));
        vector(table, "CVTPI2PS", (d, s, e) -> d.withDword(0, Binary32.fromInteger(s.dword(0), e.element()))
                .withDword(1, Binary32.fromInteger(s.dword(1), e.element())));
        vector(table, "CVTPI2PD", (d, s, e) ->
                new Xmm(Binary64.fromInteger(s.dword(0), e.element()), Binary64.fromInteger(s.dword(1), e.element())));
        vector(table, "CVTPS2PI", (d, s, e) -> Xmm.ofDwords(
                (int) Binary32.toInteger(s.dword(0), 32, false, e.element()),
                (int) Binary32.toInteger(s.dword(1), 32, false, e.element()), 0, 0));
        vector(table, "CVTTPS2PI", (d, s, e) -> Xmm.ofDwords(
                (int) Binary32.toInteger(s.dword(0), 32, true, e.element()),
                (int) Binary32.toInteger(s.dword(1), 32, true, e.element()), 0, 0));
        vector(table, "CVTPD2PI", (d, s, e) -> Xmm.ofDwords(
                (int) Binary64.toInteger(s.lo(), 32, false, e.element()),
                (int) Binary64.toInteger(s.hi(), 32, false, e.element()), 0, 0));
        vector(table, "CVTTPD2PI", (d, s, e) -> Xmm.ofDwords(
                (int) Binary64.toInteger(s.lo(), 32, true, e.element()),
                (int) Binary64.toInteger(s.hi(), 32, true, e.element()), 0, 0));
        vector(table, "CVTTPD2DQ", (d, s, e) -> Xmm.ofDwords(
                (int) Binary64.toInteger(s.lo(), 32, true, e.element()),
                (int) Binary64.toInteger(s.hi(), 32, true, e.element()), 0, 0));
    }

    private static void vector(HandlerTable table, String key, VectorConversion conversion) {
        table.register(key, MmxState.withMmxTransition((cpu, insn) -> {
            Xmm d = XmmOperands.read(cpu, insn.operand(0)), s = XmmOperands.read(cpu, insn.operand(1));
            SimdExceptions exceptions = new SimdExceptions(cpu.state.sse);
            Xmm result = conversion.apply(d, s, exceptions);
            exceptions.commit();
            XmmOperands.write(cpu, insn.operand(0), result);
        }));
    }

    /** CVTSI2SS/CVTSI2SD xmm, r/m32. */
    private static void fromGeneralRegister(Cpu cpu, Instruction insn, boolean binary64) {
        int value = Operands.read(cpu, insn.operand(1), 4);
        Xmm d = XmmOperands.read(cpu, insn.operand(0));
        SimdExceptions exceptions = new SimdExceptions(cpu.state.sse);
        Xmm result = binary64 ? d.withLo(Binary64.fromInteger(value, exceptions.element()))
                : d.withDword(0, Binary32.fromInteger(value, exceptions.element()));
        exceptions.commit();
        XmmOperands.write(cpu, insn.operand(0), result);
    }

    /** CVT(T)SS2SI/CVT(T)SD2SI r32, xmm/m32|m64. */
    private static void toGeneralRegister(Cpu cpu, Instruction insn, boolean binary64, boolean truncate) {
        Xmm s = XmmOperands.read(cpu, insn.operand(1));
        SimdExceptions exceptions = new SimdExceptions(cpu.state.sse);
        int value = (int) (binary64 ? Binary64.toInteger(s.lo(), 32, truncate, exceptions.element())
                : Binary32.toInteger(s.dword(0), 32, truncate, exceptions.element()));
        exceptions.commit();
        Operands.write(cpu, insn.operand(0), 4, value);
    }
}
