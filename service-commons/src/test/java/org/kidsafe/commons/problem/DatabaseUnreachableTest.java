package org.kidsafe.commons.problem;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.transaction.xa.XAException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatabaseUnreachableTest {

    @Test
    void connectionFailuresAreRecognisedThroughAnyWrapping() {
        assertTrue(ProblemMapper.isDatabaseUnreachable(new IllegalStateException("commit failed",
                new RuntimeException("could not execute statement", new SQLException("I/O error", "08006")))));
        assertTrue(ProblemMapper.isDatabaseUnreachable(new RuntimeException(new SQLException("terminating connection", "57P01"))));
        assertTrue(ProblemMapper.isDatabaseUnreachable(new RuntimeException(new SQLException("the database system is starting up", "57P03"))));
        assertTrue(ProblemMapper.isDatabaseUnreachable(new RuntimeException(new SQLTransientConnectionException("gone"))));
        assertTrue(ProblemMapper.isDatabaseUnreachable(new RuntimeException("Unable to acquire JDBC Connection",
                new SQLException("Acquisition timeout while waiting for new connection"))));
    }

    /**
     * A commit that fails because the server terminated the connection: Narayana throws RollbackException and keeps
     * the driver's error only as a suppressed XAException (seen as a 500 in DatabaseRestartIT).
     */
    @Test
    void aCommitFailureIsRecognisedThroughTheSuppressedDriverError() {
        XAException driver = new XAException("Error trying to transactionCommit local transaction");
        driver.initCause(new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
        RuntimeException rollback = new RuntimeException("ARJUNA016053: Could not commit transaction.");
        rollback.addSuppressed(driver);
        assertTrue(ProblemMapper.isDatabaseUnreachable(new RuntimeException("Error invoking subclass method", rollback)));
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(ProblemMapper.isDatabaseUnreachable(new RuntimeException(new SQLException("duplicate key", "23505"))));
        assertFalse(ProblemMapper.isDatabaseUnreachable(new IllegalStateException("bug")));
        RuntimeException loop = new RuntimeException("a");
        RuntimeException other = new RuntimeException("b", loop);
        loop.initCause(other);
        assertFalse(ProblemMapper.isDatabaseUnreachable(loop), "a cause cycle ends the walk");
    }
}
