package ukcf.kernel.log;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The kernel log ring (kernel/printk): records with sequence number, facility, level and timestamp, continuation
 * lines joined as printk joins KERN_CONT fragments, the oldest records dropped when the text exceeds the ring's
 * size. Read as syslog(2) text ({@code <level>[seconds.micros] text}, what dmesg prints) and as /dev/kmsg records.
 */
public final class KernelLog {
    /** A finished or still open record: {@code text} has no trailing newline. */
    public record Record(long sequence, int facility, int level, long nanos, String text) {
        int prefix() { return facility << 3 | level; }
    }

    /** MESSAGE_LOGLEVEL_DEFAULT, CONSOLE_LOGLEVEL_DEFAULT and Debian's CONFIG_LOG_BUF_SHIFT=17 (128 KiB). */
    public static final int DEFAULT_LEVEL = 4, DEFAULT_CONSOLE_LEVEL = 7, CAPACITY = 1 << 17;
    public static final int FACILITY_KERNEL = 0, FACILITY_USER = 1;
    private static final char KERN_SOH = '\001';

    private final long bootNanos = System.nanoTime();
    private final ArrayDeque<Record> records = new ArrayDeque<>();
    private long nextSequence, clearSequence, readSequence;
    private int storedBytes;
    private boolean lastOpen; // the newest record did not end with a newline: KERN_CONT may extend it
    private int consoleLevel = DEFAULT_CONSOLE_LEVEL;
    private Consumer<Record> console = record -> { };

    /** Where records below the console level go as they are logged (the host's stderr, say), or nowhere. */
    public synchronized void setConsole(Consumer<Record> console) { this.console = console; }

    public synchronized int consoleLevel() { return consoleLevel; }

    public synchronized void setConsoleLevel(int level) { consoleLevel = level; }

    /** printk's text after formatting: leading KERN_SOH level markers decide level and continuation. */
    public void printk(byte[] formatted) {
        String text = new String(formatted, StandardCharsets.ISO_8859_1);
        int level = -1;
        boolean continuation = false;
        int i = 0;
        while (i + 1 < text.length() && text.charAt(i) == KERN_SOH) {
            char c = text.charAt(i + 1);
            if (c >= '0' && c <= '7') {
                if (level < 0) level = c - '0';
            } else if (c == 'c') {
                continuation = true;
            } else if (c != 'd') {
                break;
            }
            i += 2;
        }
        log(FACILITY_KERNEL, level, continuation, text.substring(i));
    }

    /** A write to /dev/kmsg: an optional {@code <N>} prefix sets facility and level (user facility by default). */
    public void writeFromUser(String text) {
        int facility = FACILITY_USER, level = -1, start = 0;
        int close = text.indexOf('>');
        if (text.startsWith("<") && close > 1) {
            try {
                int prefix = Integer.parseInt(text.substring(1, close));
                facility = prefix >> 3 == 0 ? FACILITY_USER : prefix >> 3; // users may not claim the kernel's facility
                level = prefix & 7;
                start = close + 1;
            } catch (NumberFormatException notAPrefix) {
                // logged as it is
            }
        }
        log(facility, level, false, text.substring(start));
    }

    private synchronized void log(int facility, int level, boolean continuation, String text) {
        boolean newline = text.endsWith("\n");
        if (newline) text = text.substring(0, text.length() - 1);
        Record record;
        if (continuation && lastOpen && !records.isEmpty() && records.peekLast().facility() == facility) {
            Record open = records.pollLast();
            storedBytes -= open.text().length();
            record = new Record(open.sequence(), open.facility(), open.level(), open.nanos(), open.text() + text);
        } else {
            record = new Record(nextSequence++, facility, level < 0 ? DEFAULT_LEVEL : level,
                    System.nanoTime() - bootNanos, text);
        }
        records.addLast(record);
        storedBytes += record.text().length();
        lastOpen = !newline;
        while (storedBytes > CAPACITY && records.size() > 1) storedBytes -= records.pollFirst().text().length();
        if (!lastOpen && record.level() < consoleLevel) console.accept(record);
        notifyAll(); // /dev/kmsg readers waiting for a record
    }

    /** Waits until a finished record numbered {@code sequence} or later exists (a blocking /dev/kmsg read). */
    public synchronized void awaitRecord(long sequence) throws InterruptedException {
        while (nextSequence <= sequence || nextSequence == sequence + 1 && lastOpen) wait();
    }

    /** The oldest record still in the ring (where a new /dev/kmsg reader starts). */
    public synchronized long firstSequence() { return records.isEmpty() ? nextSequence : records.peekFirst().sequence(); }

    /** Where the last syslog clear left the log (SEEK_DATA on /dev/kmsg). */
    public synchronized long clearSequence() { return clearSequence; }

    /** Whether record {@code sequence} is finished (printk may still append to the newest one). */
    public synchronized boolean finished(long sequence) { return sequence < nextSequence - 1 || !lastOpen; }

    /** syslog(SYSLOG_ACTION_READ_ALL / READ_CLEAR): the newest whole records since the last clear that fit. */
    public synchronized byte[] readAll(int length, boolean clear) {
        List<byte[]> lines = new ArrayList<>();
        int total = 0;
        for (var it = records.descendingIterator(); it.hasNext(); ) {
            Record r = it.next();
            if (r.sequence() < clearSequence) break;
            byte[] line = syslogText(r).getBytes(StandardCharsets.ISO_8859_1);
            if (total + line.length > length) break;
            lines.add(0, line);
            total += line.length;
        }
        if (clear) clearSequence = nextSequence;
        return concat(lines, total);
    }

    /** syslog(SYSLOG_ACTION_READ): unread records, consumed; at most {@code length} bytes of whole records. */
    public synchronized byte[] readUnread(int length) {
        List<byte[]> lines = new ArrayList<>();
        int total = 0;
        for (Record r : records) {
            if (r.sequence() < readSequence) continue;
            byte[] line = syslogText(r).getBytes(StandardCharsets.ISO_8859_1);
            if (total + line.length > length && total > 0) break;
            lines.add(line);
            total += line.length;
            readSequence = r.sequence() + 1;
        }
        return concat(lines, total);
    }

    /** syslog(SYSLOG_ACTION_SIZE_UNREAD): bytes of syslog text not yet consumed by {@link #readUnread}. */
    public synchronized int sizeUnread() {
        int total = 0;
        for (Record r : records) if (r.sequence() >= readSequence) total += syslogText(r).length();
        return total;
    }

    /** syslog(SYSLOG_ACTION_CLEAR). */
    public synchronized void clear() { clearSequence = nextSequence; }

    /** Records with a sequence number of at least {@code sequence}, oldest first (a /dev/kmsg reader's view). */
    public synchronized List<Record> recordsFrom(long sequence) {
        List<Record> out = new ArrayList<>();
        for (Record r : records) if (r.sequence() >= sequence) out.add(r);
        return out;
    }

    /** The sequence number the next record will get. */
    public synchronized long nextSequence() { return nextSequence; }

    /** One record as syslog(2) prints it: every line prefixed with the level and the timestamp. */
    public static String syslogText(Record r) {
        String prefix = "<" + r.prefix() + ">" + timestamp(r.nanos());
        StringBuilder s = new StringBuilder();
        for (String line : r.text().split("\n", -1)) s.append(prefix).append(line).append('\n');
        return s.toString();
    }

    /** One record as a /dev/kmsg read returns it (Documentation/ABI/testing/dev-kmsg): unprintables as \xNN. */
    public static String kmsgText(Record r) {
        StringBuilder s = new StringBuilder();
        s.append(r.prefix()).append(',').append(r.sequence()).append(',').append(r.nanos() / 1000).append(",-;");
        for (char c : r.text().toCharArray()) {
            if (c < ' ' || c >= 127 || c == '\\') s.append(String.format("\\x%02x", (int) c));
            else s.append(c);
        }
        return s.append('\n').toString();
    }

    /** The "[%5lu.%06lu] " printk time prefix (CONFIG_PRINTK_TIME). */
    static String timestamp(long nanos) {
        return String.format("[%5d.%06d] ", nanos / 1_000_000_000L, nanos % 1_000_000_000L / 1000);
    }

    private static byte[] concat(List<byte[]> lines, int total) {
        byte[] out = new byte[total];
        int at = 0;
        for (byte[] line : lines) {
            System.arraycopy(line, 0, out, at, line.length);
            at += line.length;
        }
        return out;
    }
}
