package ukcf.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeapLogTest {
    @TempDir
    Path directory;

    @Test
    void theTrendComparesTheSecondAndTheLastQuarterAfterWarmUp() {
        List<HeapLog.Sample> samples = new ArrayList<>();
        long[] heap = {90, 80, 70, 60, 20, 21, 19, 22, 30, 31, 29, 33};  // warm-up, second quarter..., last quarter
        for (int i = 0; i < heap.length; i++) samples.add(new HeapLog.Sample(i * 200L, heap[i], i * 1000L));
        HeapLog.Trend trend = HeapLog.trend(samples);
        assertEquals(21, trend.warmMedian());   // samples 3..5: 60, 20, 21
        assertEquals(31, trend.lastMedian());   // samples 9..11: 31, 29, 33
        assertEquals(31 / 21.0, trend.growth(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> HeapLog.trend(samples.subList(0, 7)));
    }

    @Test
    void aLogFileReadsBackLineByLine() throws Exception {
        Path file = Files.writeString(directory.resolve("heap.log"), "200 1048576 12\n400 2097152 99\n\n");
        assertEquals(List.of(new HeapLog.Sample(200, 1048576, 12), new HeapLog.Sample(400, 2097152, 99)),
                HeapLog.read(file));
    }
}
