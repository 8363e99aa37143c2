package org.kidsafe.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CPU accounting behind the uploads benchmark's CPU-seconds per 1,000 uploads (issue 22 item 4). */
class ProcessCpuTest {

    /** A real /proc/<pid>/stat line of a JVM thread-named process, with a space and a ')' in its command name. */
    private static final String STAT = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 30313 0 2 0 1234 567 89 10 20 0 45 0 "
            + "1869 4135690240 61000 18446744073709551615 1 1 0 0 0 0 0 4096 17663 0 0 0 17 1 0 0 0 0 0";

    @Test
    void readsOwnAndReapedChildrenTicksAfterTheLastParenthesis() {
        ProcessCpu.Ticks ticks = ProcessCpu.parseStat(STAT);
        assertEquals(1234 + 567, ticks.own(), "utime + stime, fields 14 and 15");
        assertEquals(89 + 10, ticks.reapedChildren(), "cutime + cstime, fields 16 and 17");
        assertEquals(1900, ticks.total());
    }

    @Test
    void machineBusyLeavesOutIdleAndIowait() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        assertEquals((100 + 2 + 30 + 4 + 5 + 6) / 100.0, ProcessCpu.parseMachineBusy("cpu  100 2 30 9000 700 4 5 6 50 0"), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> ProcessCpu.parseMachineBusy("cpu0 1 2 3 4 5 6 7 8"));
    }

    @Test
    void aWindowChargesEachGroupWhatItUsedAndDerivesThePerUploadFigures() {
        ProcessCpu.Snapshot before = new ProcessCpu.Snapshot(0, Map.of("gateway", 10.0, "media-service", 20.0), 500);
        ProcessCpu.Snapshot after = new ProcessCpu.Snapshot(10_000_000_000L, Map.of("gateway", 13.0, "media-service", 29.0), 517);
        ProcessCpu.Window window = after.since(before);
        assertEquals(10, window.wallSeconds(), 1e-9);
        assertEquals(3, window.seconds().get("gateway"), 1e-9);
        assertEquals(9, window.seconds().get("media-service"), 1e-9);
        assertEquals(17, window.machineBusySeconds(), 1e-9);
        List<String> platform = List.of("gateway", "media-service");
        assertEquals(12, window.total(platform), 1e-9);
        assertEquals(1.2, window.cores(platform), 1e-9, "12 CPU-seconds in 10 s: 1.2 cores busy");
        assertEquals(6, window.perThousand(platform, 2_000), 1e-9, "2,000 uploads for 12 CPU-seconds");
    }

    @Test
    void readsThisProcessFromProc() {
        ProcessCpu.Ticks self = ProcessCpu.ticks(ProcessHandle.current().pid()).orElseThrow();
        assertTrue(self.own() >= 0 && self.reapedChildren() >= 0);
        assertTrue(ProcessCpu.ticks(Long.MAX_VALUE).isEmpty(), "a process that is gone has no ticks");
    }
}
