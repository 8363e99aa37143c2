package org.kidsafe.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ActiveSessionHistoryTest {

    @Test
    void theLedgersLockIsAnAdvisoryLockWait() {
        assertEquals(ActiveSessionHistory.ADVISORY_LOCK, ActiveSessionHistory.waitClass("active", "Lock", "advisory"));
        assertEquals("Lock/transactionid", ActiveSessionHistory.waitClass("active", "Lock", "transactionid"));
    }

    @Test
    void aStatementWithoutAWaitIsOnTheCpuAndAnOpenTransactionIsTheServiceWorking() {
        assertEquals(ActiveSessionHistory.CPU, ActiveSessionHistory.waitClass("active", null, null));
        assertEquals("IO/WALSync", ActiveSessionHistory.waitClass("active", "IO", "WALSync"));
        assertEquals(ActiveSessionHistory.TRANSACTION_OPEN, ActiveSessionHistory.waitClass("idle in transaction", "Client", "ClientRead"));
    }
}
