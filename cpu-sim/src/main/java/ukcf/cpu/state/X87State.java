package ukcf.cpu.state;

/** x87 FPU state: eight 80-bit registers, control/status/tag words and the last-instruction pointers. */
public final class X87State {
}
