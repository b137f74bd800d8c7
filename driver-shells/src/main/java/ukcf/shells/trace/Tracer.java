package ukcf.shells.trace;

/** Where trace events go. Implementations are called from every guest thread that enters a driver. */
public interface Tracer {
    void record(TraceEvent event);

    /** Whether anyone listens: callers skip building events when not. */
    default boolean enabled() { return true; }

    /** Nanoseconds since tracing started, for the events' time stamps. */
    long now();

    /** Events to both; time stamps from {@code first}. */
    static Tracer both(Tracer first, Tracer second) {
        return new Tracer() {
            @Override public void record(TraceEvent event) {
                first.record(event);
                second.record(event);
            }

            @Override public long now() { return first.now(); }
        };
    }

    Tracer NONE = new Tracer() {
        @Override public void record(TraceEvent event) { }
        @Override public boolean enabled() { return false; }
        @Override public long now() { return 0; }
    };
}
