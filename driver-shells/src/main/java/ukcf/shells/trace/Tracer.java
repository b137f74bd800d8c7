package ukcf.shells.trace;

/** Where trace events go. Implementations are called from every guest thread that enters a driver. */
public interface Tracer {
    void record(TraceEvent event);

    /** Whether anyone listens: callers skip building events when not. */
    default boolean enabled() { return true; }

    /** Nanoseconds since tracing started, for the events' time stamps. */
    long now();

    Tracer NONE = new Tracer() {
        @Override public void record(TraceEvent event) { }
        @Override public boolean enabled() { return false; }
        @Override public long now() { return 0; }
    };
}
