package ukcf.user.fs;

import java.nio.charset.StandardCharsets;
import java.util.List;

import ukcf.kernel.HostKernel;
import ukcf.kernel.log.KernelLog;
import ukcf.user.syscall.Errno;
import ukcf.user.syscall.SyscallError;

/**
 * /dev/kmsg (kernel/printk/printk.c devkmsg_*): each read returns one whole record ("prio,seq,usec,-;text"),
 * starting with the oldest the ring holds, and waits for the next one at the end (EAGAIN with O_NONBLOCK); a reader
 * overtaken by the ring gets EPIPE once and goes on from the oldest record; a write logs one record (an optional
 * "<N>" sets facility and level).
 */
public final class KmsgFile implements OpenFile {
    private static final int SEEK_SET = 0, SEEK_END = 2, SEEK_DATA = 3;

    private final KernelLog log;
    private long sequence;
    private volatile int flags;

    public KmsgFile(KernelLog log, int flags) {
        this.log = log;
        this.flags = flags;
        this.sequence = log.firstSequence();
    }

    @Override
    public synchronized int read(byte[] buffer, int offset, int length) {
        while (true) {
            List<KernelLog.Record> records = log.recordsFrom(sequence);
            if (!records.isEmpty() && log.finished(records.get(0).sequence())) {
                KernelLog.Record record = records.get(0);
                if (record.sequence() > sequence) { // the ring dropped what this reader had not read
                    sequence = record.sequence();
                    throw new SyscallError(Errno.EPIPE);
                }
                byte[] text = KernelLog.kmsgText(record).getBytes(StandardCharsets.ISO_8859_1);
                if (text.length > length) throw new SyscallError(Errno.EINVAL);
                System.arraycopy(text, 0, buffer, offset, text.length);
                sequence = record.sequence() + 1;
                return text.length;
            }
            if ((flags & OpenFlags.O_NONBLOCK) != 0) throw new SyscallError(Errno.EAGAIN);
            try {
                log.awaitRecord(sequence);
            } catch (InterruptedException signal) {
                Thread.currentThread().interrupt();
                throw new SyscallError(Errno.EINTR);
            }
        }
    }

    @Override
    public int write(byte[] buffer, int offset, int length) {
        log.writeFromUser(new String(buffer, offset, length, StandardCharsets.ISO_8859_1));
        return length;
    }

    /** devkmsg_llseek: only offset 0; to the oldest record, past the last clear, or to the end. */
    @Override
    public synchronized long seek(long offset, int whence) {
        if (offset != 0) throw new SyscallError(Errno.ESPIPE);
        sequence = switch (whence) {
            case SEEK_SET -> log.firstSequence();
            case SEEK_DATA -> Math.max(log.clearSequence(), log.firstSequence());
            case SEEK_END -> log.nextSequence();
            default -> throw new SyscallError(Errno.EINVAL);
        };
        return 0;
    }

    @Override
    public FileStatus status() { return DeviceFile.status(HostKernel.KMSG); }

    @Override
    public int statusFlags() { return flags; }

    @Override
    public void setStatusFlags(int newFlags) {
        flags = OpenFlags.setStatus(flags, newFlags);
    }

    @Override
    public String linkName() { return "/dev/kmsg"; }
}
