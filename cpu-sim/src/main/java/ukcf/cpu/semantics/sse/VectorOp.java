package ukcf.cpu.semantics.sse;

/** A pure two-operand vector operation: destination value and source value to result. */
@FunctionalInterface
public interface VectorOp {
    Xmm apply(Xmm destination, Xmm source);
}
