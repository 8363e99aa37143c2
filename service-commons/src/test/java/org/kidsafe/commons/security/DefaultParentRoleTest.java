package org.kidsafe.commons.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Issue 19 item 1: every Keycloak user holds {@code parent} by default; a toy or an officer must never pass as a parent. */
class DefaultParentRoleTest {

    @Test
    void aToyHoldingTheDefaultParentRoleIsOnlyAToy() {
        SecurityIdentity toy = identity("toy-1@toys.invalid", Caller.TOY, Caller.PARENT, "offline_access");

        SecurityIdentity seen = DefaultParentRole.withoutDefaultParent(toy);

        assertEquals(Set.of(Caller.TOY, "offline_access"), seen.getRoles());
        assertEquals("toy-1@toys.invalid", seen.getPrincipal().getName());
    }

    @Test
    void anOfficersConsoleTokenIsOnlyAnOfficers() {
        SecurityIdentity officer = identity("officer@example.org", Caller.COMPLIANCE_OFFICER, Caller.PARENT);

        assertEquals(Set.of(Caller.COMPLIANCE_OFFICER), DefaultParentRole.withoutDefaultParent(officer).getRoles());
    }

    @Test
    void aParentIsLeftAsItIs() {
        SecurityIdentity parent = identity("parent@example.com", Caller.PARENT);

        assertSame(parent, DefaultParentRole.withoutDefaultParent(parent));
    }

    private static SecurityIdentity identity(String name, String... roles) {
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(name)).addRoles(Set.of(roles)).build();
    }
}
