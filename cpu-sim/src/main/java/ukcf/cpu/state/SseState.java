package ukcf.cpu.state;

/** SSE state: XMM0-7 and MXCSR. */
public final class SseState {
}
