package ukcf.shells.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceTest {
    private static final List<TraceEvent> SESSION = List.of(
            new TraceEvent.ShellEntry(1_000, 7, "blowfish_generic", "crypto_alg.cia_setkey", "bf_setkey+0x0", List.of(0xc8801000, 16)),
            new TraceEvent.HostCall(2_000, 7, "blowfish_generic", "blowfish_setkey", List.of(1, 2, 3), 0, 500),
            new TraceEvent.HostCall(3_000, 7, "blowfish_generic", "memcpy", List.of(1, 2, 3), 0xc8801000L, 100),
            new TraceEvent.ShellExit(4_000, 7, "blowfish_generic", "crypto_alg.cia_setkey", 0, 3021, 3_000),
            new TraceEvent.ShellEntry(5_000, 7, "ukcf_oops", "file_operations.unlocked_ioctl", "wild_ioctl+0x0", List.of(3, 0x40047501, 0)),
            new TraceEvent.CallFailed(6_000, 7, "ukcf_oops", "file_operations.unlocked_ioctl", "OOPS",
                    "BUG: unable to handle page fault for address 0xdead0000 at \"wild\"\n", 12));

    @Test
    void jsonLinesRoundTripEveryKind() {
        for (TraceEvent e : SESSION) assertEquals(e, TraceJson.decode(TraceJson.encode(e)));
        assertThrows(IllegalArgumentException.class, () -> TraceJson.decode("{\"t\": 1, \"pid\": 2, \"driver\": \"x\", \"event\": \"nope\"}"));
        assertThrows(IllegalArgumentException.class, () -> TraceJson.decode("{\"t\": 1,"));
    }

    @Test
    void writerKeepsTextAndJsonLinesAndSummaryAttributesNestedCalls(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("trace.txt");
        try (TraceFileWriter w = new TraceFileWriter(file)) {
            SESSION.forEach(w::record);
        }
        List<String> text = Files.readAllLines(file);
        assertEquals(SESSION.size(), text.size());
        assertTrue(text.get(0).endsWith("pid 7 -> blowfish_generic crypto_alg.cia_setkey = bf_setkey+0x0(0xc8801000, 0x10)"), text.get(0));
        assertTrue(text.get(1).contains("pid 7   blowfish_generic calls blowfish_setkey(0x1, 0x2, 0x3) = 0"), text.get(1));
        assertTrue(text.get(5).contains("<- ukcf_oops file_operations.unlocked_ioctl FAILED (OOPS)"), text.get(5));

        List<TraceEvent> back = Files.readAllLines(TraceFileWriter.jsonPath(file)).stream().map(TraceJson::decode).toList();
        assertEquals(SESSION, back);
        TraceSummary summary = TraceSummary.of(back);
        TraceSummary.EntryFigures setkey = summary.entries().get("blowfish_generic crypto_alg.cia_setkey");
        assertEquals(1, setkey.calls());
        assertEquals(3021, setkey.instructions());
        assertEquals(2, setkey.kernelCalls().size());
        assertEquals(500, setkey.kernelCalls().get("blowfish_setkey")[1]);
        assertEquals(1, summary.entries().get("ukcf_oops file_operations.unlocked_ioctl").failures());
        assertTrue(summary.render().contains("6 events"));
    }
}
