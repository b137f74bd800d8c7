package ukcf.kernel.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class KernelLogTest {
    private static final Pattern SYSLOG_LINE = Pattern.compile("<(\\d+)>\\[ *\\d+\\.\\d{6}\\] (.*)");

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    /** The syslog text with timestamps checked and removed: "<level>text" lines. */
    private static List<String> lines(KernelLog log) {
        List<String> out = new ArrayList<>();
        for (String line : new String(log.readAll(1 << 20, false), StandardCharsets.ISO_8859_1).split("\n")) {
            var m = SYSLOG_LINE.matcher(line);
            assertTrue(m.matches(), line);
            out.add("<" + m.group(1) + ">" + m.group(2));
        }
        return out;
    }

    @Test
    void levelsDefaultAndContinuations() {
        KernelLog log = new KernelLog();
        log.printk(bytes("\0016ukcf: info\n"));
        log.printk(bytes("no level\n"));
        log.printk(bytes("\0013part one"));
        log.printk(bytes("\001c, part two\n"));
        log.printk(bytes("\0017unterminated"));
        log.printk(bytes("\0012next record\n"));
        log.printk(bytes("\001cnothing to continue\n"));
        assertEquals(List.of("<6>ukcf: info", "<4>no level", "<3>part one, part two", "<7>unterminated",
                "<2>next record", "<4>nothing to continue"), lines(log));
    }

    @Test
    void multiLineRecordPrefixesEveryLine() {
        KernelLog log = new KernelLog();
        log.printk(bytes("\0015a\nb\n"));
        assertEquals(List.of("<5>a", "<5>b"), lines(log));
    }

    @Test
    void readAllReturnsTheNewestWholeRecordsThatFitAndClearForgets() {
        KernelLog log = new KernelLog();
        for (int i = 0; i < 5; i++) log.printk(bytes("\0016record " + i + "\n"));
        int one = KernelLog.syslogText(log.recordsFrom(0).get(0)).length();
        String two = new String(log.readAll(2 * one + one / 2, false), StandardCharsets.ISO_8859_1);
        assertTrue(two.contains("record 3") && two.contains("record 4") && !two.contains("record 2"), two);
        log.readAll(1 << 20, true);
        log.printk(bytes("after\n"));
        assertEquals(List.of("<4>after"), lines(log));
    }

    @Test
    void unreadRecordsAreConsumedOnce() {
        KernelLog log = new KernelLog();
        log.printk(bytes("one\n"));
        log.printk(bytes("two\n"));
        int size = log.sizeUnread();
        assertEquals(size, log.readUnread(1 << 20).length);
        assertEquals(0, log.sizeUnread());
        assertEquals(0, log.readUnread(1 << 20).length);
    }

    @Test
    void kmsgRecordsAndUserWrites() {
        KernelLog log = new KernelLog();
        log.printk(bytes("\0013tab\there\n"));
        log.writeFromUser("<14>from user\n");
        log.writeFromUser("plain\n");
        List<KernelLog.Record> records = log.recordsFrom(0);
        assertTrue(KernelLog.kmsgText(records.get(0)).matches("3,0,\\d+,-;tab\\\\x09here\n"), KernelLog.kmsgText(records.get(0)));
        assertTrue(KernelLog.kmsgText(records.get(1)).matches("14,1,\\d+,-;from user\n"));
        assertTrue(KernelLog.kmsgText(records.get(2)).matches("12,2,\\d+,-;plain\n"), "user facility, default level 4");
    }

    @Test
    void ringDropsTheOldestRecordsBeyondItsSize() {
        KernelLog log = new KernelLog();
        String filler = "x".repeat(1000);
        for (int i = 0; i < 200; i++) log.printk(bytes(i + filler + "\n"));
        List<KernelLog.Record> kept = log.recordsFrom(0);
        assertTrue(kept.size() < 200 && kept.size() > 100, "kept " + kept.size());
        assertEquals(199, kept.get(kept.size() - 1).sequence());
    }

    @Test
    void consoleGetsRecordsBelowTheConsoleLevel() {
        KernelLog log = new KernelLog();
        List<String> console = new ArrayList<>();
        log.setConsole(r -> console.add(r.text()));
        log.setConsoleLevel(4);
        log.printk(bytes("\0013shown\n"));
        log.printk(bytes("\0016hidden\n"));
        assertEquals(List.of("shown"), console);
    }
}
