/**
 * The disassembler: {@link ukcf.cpu.disasm.AttSyntax} prints decoded instructions exactly as GNU objdump -d
 * (binutils 2.40) does, for traces and error messages; {@link ukcf.cpu.disasm.ObjdumpAgreement} proves the
 * decoder and the disassembler against objdump on real ELF files ({@code ./ukcf decode-check FILE...}).
 *
 * <p>Scope: every IA-32 form of {@code opcodes.tsv}. VEX and EVEX encodings (AVX, AVX-512) are not decoded: in
 * 32-bit mode their C4/C5/62 bytes with a register ModRM raise #UD, as on a CPU without AVX, which is what
 * ukcf's CPUID describes. Of Debian's 4135 686 modules, only xor.ko and raid6_pq.ko contain such code, on paths
 * the kernel selects only when CPUID advertises AVX.
 */
package ukcf.cpu.disasm;
