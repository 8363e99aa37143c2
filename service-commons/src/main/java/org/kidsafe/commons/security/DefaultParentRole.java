package org.kidsafe.commons.security;

import io.quarkus.arc.Unremovable;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@value Caller#PARENT} counts only when a caller holds no other KidSafe role. Since sign-up (issue 19 item 1) it is
 * one of the realm's default roles, so every Keycloak user holds it: the toys the device registrar creates, compliance
 * officers and the erasure operator's service account too, and the gateway's exchanged tokens carry it beside their
 * own role. Without this a captured toy credential would pass every {@code @RolesAllowed(parent)} and could create
 * children of its own, and an officer console's token would act as a parent's (issue 17 item 3: one client, one role).
 * Every service and the gateway run it (service-commons), before any authorisation check.
 */
@Unremovable
@ApplicationScoped
public class DefaultParentRole implements SecurityIdentityAugmentor {

    /**
     * Roles whose holder is never taken for a parent, whatever else the token says; also the users consent-service never
     * deletes as a leaving parent (its KeycloakParentAccounts), one list for both.
     */
    public static final List<String> EXCLUSIVE = List.of(Caller.TOY, Caller.COMPLIANCE_OFFICER, Caller.ERASURE_OPERATOR);

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        return Uni.createFrom().item(withoutDefaultParent(identity));
    }

    static SecurityIdentity withoutDefaultParent(SecurityIdentity identity) {
        if (identity.isAnonymous() || !identity.hasRole(Caller.PARENT) || EXCLUSIVE.stream().noneMatch(identity::hasRole)) {
            return identity;
        }
        Set<String> roles = new HashSet<>(identity.getRoles());
        roles.remove(Caller.PARENT);
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addRoles(roles)
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addPermissionChecker(identity::checkPermission)
                .build();
    }
}
