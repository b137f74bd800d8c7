/**
 * The proof that cpu-sim behaves like a real i386: differential testing against the host CPU.
 *
 * <p>{@link ukcf.cpu.verify.generate.SequenceGenerator} draws short instruction sequences from the opcode table
 * (or the directed corpus supplies hand-written edge cases, {@link ukcf.cpu.verify.DirectedCorpus}); each
 * {@link ukcf.cpu.verify.TestCase} runs natively through {@link ukcf.cpu.verify.nativeharness.NativeOracle} (a
 * static i386 ELF that this package writes itself, batching thousands of cases per process) and in cpu-sim
 * through an {@link ukcf.cpu.verify.Engine} (the reference interpreter, {@link ukcf.cpu.verify.InterpreterEngine}),
 * both with the memory layout of
 * {@link ukcf.cpu.verify.nativeharness.HarnessLayout}. {@link ukcf.cpu.verify.Comparator} compares the two
 * {@link ukcf.cpu.verify.MachineState}s and {@link ukcf.cpu.verify.CpuDiff} (behind {@code ./ukcf cpu-diff})
 * drives a run and prints the report.
 */
package ukcf.cpu.verify;
