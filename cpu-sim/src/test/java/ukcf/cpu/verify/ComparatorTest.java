package ukcf.cpu.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.flags.Eflags;
import ukcf.cpu.state.FxsaveImage;

/** What the comparison counts as a difference and what it excuses. */
class ComparatorTest {
    private final Comparator comparator = new Comparator();
    private final Comparator.Execution execution = new Comparator.Execution();

    private static MachineState state() {
        MachineState s = new MachineState();
        System.arraycopy(InitialState.resetFxsaveImage(), 0, s.fxsave, 0, 512);
        return s;
    }

    private List<String> fields(MachineState expected, MachineState got) {
        return comparator.compare(expected, got, execution).differences.stream().map(Comparator.Difference::field).toList();
    }

    @Test
    void identicalStatesPass() {
        assertTrue(comparator.compare(state(), state(), execution).passed());
    }

    @Test
    void undefinedFlagsAreExcusedOnlyThoseAndOnlyStatusFlagsCount() {
        MachineState expected = state(), got = state();
        expected.eflags = Eflags.AF | Eflags.IF | Eflags.FIXED_1;
        got.eflags = Eflags.FIXED_1;
        assertEquals(List.of("eflags"), fields(expected, got));
        execution.undefinedFlags = Eflags.AF;
        assertEquals(List.of(), fields(expected, got));
        got.eflags |= Eflags.CF;
        assertEquals(List.of("eflags"), fields(expected, got));
    }

    @Test
    void errorCodeAndCr2CountOnlyForPageFaults() {
        MachineState expected = state(), got = state();
        expected.fault = got.fault = ExceptionVector.GP;
        expected.faultAddress = 0x1234;
        expected.errorCode = 8;
        assertEquals(List.of(), fields(expected, got));
        expected.fault = got.fault = ExceptionVector.PF;
        assertEquals(List.of("error code", "cr2"), fields(expected, got));
    }

    @Test
    void memoryDifferencesNameTheAddress() {
        MachineState expected = state(), got = state();
        got.stack[5] = 1;
        assertEquals(List.of("stack[0x20010005]"), fields(expected, got));
    }

    @Test
    void emptyX87RegistersAreIgnoredAndTranscendentalsGetOneUlp() {
        MachineState expected = state(), got = state();
        got.fxsave[FxsaveImage.ST0] = 1;                       // ST0 empty (tag 0): not compared
        assertEquals(List.of(), fields(expected, got));
        expected.fxsave[FxsaveImage.FTW] = got.fxsave[FxsaveImage.FTW] = 1;   // TOP 0: ST0 valid
        assertEquals(List.of("st(0)"), fields(expected, got));
        execution.transcendental = true;
        Comparator.Verdict verdict = comparator.compare(expected, got, execution);
        assertTrue(verdict.passed());
        assertTrue(verdict.inexact);
        got.fxsave[FxsaveImage.ST0] = 2;
        assertFalse(comparator.compare(expected, got, execution).passed());
    }

    @Test
    void anUnmaskedPrecisionExceptionOfATranscendentalExcusesItsSummaryBits() {
        MachineState expected = state(), got = state();
        FxsaveImage.put16(expected.fxsave, FxsaveImage.FSW, 0x80A0);   // B, ES, PE
        FxsaveImage.put16(expected.fxsave, FxsaveImage.FCW, 0x035F);   // PM clear: PE unmasked
        FxsaveImage.put16(got.fxsave, FxsaveImage.FCW, 0x035F);
        assertEquals(List.of("fsw"), fields(expected, got));
        execution.transcendental = true;
        assertTrue(comparator.compare(expected, got, execution).passed());
        FxsaveImage.put16(expected.fxsave, FxsaveImage.FCW, 0x037F);   // PE masked: ES and B are unexplained
        FxsaveImage.put16(got.fxsave, FxsaveImage.FCW, 0x037F);
        assertFalse(comparator.compare(expected, got, execution).passed());
    }

    @Test
    void oneUlpCrossesBinadesIncludingTheDenormalBoundary() {
        assertTrue(Comparator.withinOneUlp(0x3FFF, -1L, 0x4000, Long.MIN_VALUE));
        assertTrue(Comparator.withinOneUlp(0x8000, Long.MAX_VALUE, 0x8001, Long.MIN_VALUE));
        assertFalse(Comparator.withinOneUlp(0x3FFF, -2L, 0x4000, Long.MIN_VALUE));
        assertFalse(Comparator.withinOneUlp(0x3FFF, 5, 0xBFFF, 5));
    }
}
