package org.kidsafe.commons.access;

import org.junit.jupiter.api.Test;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.commons.security.Caller;
import org.kidsafe.commons.security.Callers;

import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ChildAccessTest {

    private final UUID child = UUID.randomUUID();
    private final UUID parent = UUID.randomUUID();
    private final UUID secondGuardian = UUID.randomUUID();
    private final Guardians known = childId -> childId.equals(child) ? Set.of(parent, secondGuardian) : Set.of();

    @Test
    void everyGuardianOfTheChildMayActForIt() {
        assertDoesNotThrow(() -> access(Callers.parent(parent)).requireAccess(child));
        assertDoesNotThrow(() -> access(Callers.parent(secondGuardian)).requireAccess(child));
        assertDoesNotThrow(() -> access(Callers.parent(UUID.randomUUID())).requireGuardian(parent, child));
    }

    @Test
    void aToyBoundToTheChildMayActForIt() {
        assertDoesNotThrow(() -> access(Callers.toy(child)).requireAccess(child));
    }

    @Test
    void everyoneElseGetsTheNotFoundOfAnUnknownChild() {
        assertNotFound(() -> access(Callers.parent(UUID.randomUUID())).requireAccess(child));
        assertNotFound(() -> access(Callers.parent(parent)).requireAccess(UUID.randomUUID()));
        assertNotFound(() -> access(Callers.toy(UUID.randomUUID())).requireAccess(child));
        assertNotFound(() -> access(Callers.complianceOfficer()).requireAccess(child));
        assertNotFound(() -> access(Callers.parent(parent)).requireGuardian(UUID.randomUUID(), child));
        assertNotFound(() -> access(Callers.parent(parent)).requireGuardian(null, child));
    }

    private ChildAccess access(Caller caller) {
        return new ChildAccess(known, caller);
    }

    private static void assertNotFound(Runnable check) {
        ProblemException refused = assertThrows(ProblemException.class, check::run);
        assertEquals(404, refused.status());
    }
}
