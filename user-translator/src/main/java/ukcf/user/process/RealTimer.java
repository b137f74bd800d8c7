package ukcf.user.process;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A process's ITIMER_REAL (alarm, setitimer; kernel/time/itimer.c): when it expires it posts SIGALRM (si_code
 * SI_KERNEL, as it_real_fn sends it) and, with an interval, re-arms. One daemon thread serves every guest process's
 * timer. Not inherited by fork; kept across execve.
 */
public final class RealTimer {
    private static final ScheduledExecutorService CLOCK = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "guest-itimer");
        t.setDaemon(true);
        return t;
    });

    /** A timer setting in nanoseconds: time to the next expiry (0: disarmed) and the interval (0: one-shot). */
    public record Setting(long valueNanos, long intervalNanos) {
        public static final Setting DISARMED = new Setting(0, 0);
    }

    private final Signals signals;
    private ScheduledFuture<?> expiry;
    private long deadline;
    private long interval;

    RealTimer(Signals signals) { this.signals = signals; }

    /** The current setting: the time left to the next expiry, and the interval. */
    public synchronized Setting get() {
        if (expiry == null) return Setting.DISARMED;
        return new Setting(Math.max(1, deadline - System.nanoTime()), interval);
    }

    /** Replaces the setting (a value of 0 disarms); answers the previous one. */
    public synchronized Setting set(Setting setting) {
        Setting previous = get();
        if (expiry != null) expiry.cancel(false);
        expiry = null;
        interval = setting.intervalNanos();
        if (setting.valueNanos() > 0) arm(setting.valueNanos());
        return previous;
    }

    private void arm(long nanos) {
        deadline = System.nanoTime() + nanos;
        expiry = CLOCK.schedule(this::expire, nanos, TimeUnit.NANOSECONDS);
    }

    private synchronized void expire() {
        expiry = null;
        if (interval > 0) arm(interval);
        signals.post(Signals.Info.sent(Signals.SIGALRM, Signals.SI_KERNEL, 0, 0));
    }
}
