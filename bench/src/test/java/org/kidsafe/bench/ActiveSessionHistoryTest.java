package org.kidsafe.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ActiveSessionHistoryTest {

    @Test
    void theLedgersOneKeyAdvisoryLockIsToldApartFromThePerChildLocks() {
        assertEquals(ActiveSessionHistory.ONE_KEY_ADVISORY_LOCK, ActiveSessionHistory.waitClass("active", "Lock", "advisory", 1));
        assertEquals(ActiveSessionHistory.TWO_KEY_ADVISORY_LOCK, ActiveSessionHistory.waitClass("active", "Lock", "advisory", 2));
        assertEquals("Lock/advisory", ActiveSessionHistory.waitClass("active", "Lock", "advisory", null), "granted between the two views");
        assertEquals("Lock/transactionid", ActiveSessionHistory.waitClass("active", "Lock", "transactionid", null));
    }

    @Test
    void aStatementWithoutAWaitIsOnTheCpuAndAnOpenTransactionIsTheServiceWorking() {
        assertEquals(ActiveSessionHistory.CPU, ActiveSessionHistory.waitClass("active", null, null, null));
        assertEquals("IO/WALSync", ActiveSessionHistory.waitClass("active", "IO", "WALSync", null));
        assertEquals(ActiveSessionHistory.TRANSACTION_OPEN, ActiveSessionHistory.waitClass("idle in transaction", "Client", "ClientRead", null));
    }
}
