package ukcf.user.process;

import java.util.Arrays;

/**
 * The signal dispositions (the kernel's sighand_struct): one table per process, shared by the threads of a group
 * and by processes cloned with CLONE_SIGHAND, copied by fork. Its own monitor guards it.
 */
public final class SignalActions {
    private final Signals.Action[] actions = new Signals.Action[Signals.NSIG + 1];

    public SignalActions() {
        Arrays.fill(actions, Signals.Action.DEFAULT);
    }

    public synchronized SignalActions copy() {
        SignalActions copy = new SignalActions();
        System.arraycopy(actions, 0, copy.actions, 0, actions.length);
        return copy;
    }

    public synchronized Signals.Action get(int signal) { return actions[signal]; }

    public synchronized void set(int signal, Signals.Action action) { actions[signal] = action; }

    /** execve: handled signals revert to their default action; ignored ones stay ignored. */
    public synchronized void resetHandlers() {
        for (int i = 1; i <= Signals.NSIG; i++) if (actions[i].hasHandler()) actions[i] = Signals.Action.DEFAULT;
    }
}
