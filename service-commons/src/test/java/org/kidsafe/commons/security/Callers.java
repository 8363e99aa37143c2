package org.kidsafe.commons.security;

import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Callers as a validated token would make them, for unit tests of code that asks who is calling. */
public final class Callers {

    private Callers() {
    }

    public static Caller parent(UUID parentId) {
        return caller(Set.of(Caller.PARENT), Map.of("sub", parentId.toString()));
    }

    public static Caller toy(UUID childId) {
        return caller(Set.of(Caller.TOY), Map.of("sub", "toy-client", Caller.CHILD_ID_CLAIM, childId.toString()));
    }

    public static Caller complianceOfficer() {
        return caller(Set.of(Caller.COMPLIANCE_OFFICER), Map.of("sub", UUID.randomUUID().toString()));
    }

    private static Caller caller(Set<String> roles, Map<String, String> claims) {
        SecurityIdentity identity = (SecurityIdentity) Proxy.newProxyInstance(Callers.class.getClassLoader(),
                new Class<?>[]{SecurityIdentity.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "hasRole" -> roles.contains((String) args[0]);
                    case "getRoles" -> roles;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        JsonWebToken token = (JsonWebToken) Proxy.newProxyInstance(Callers.class.getClassLoader(),
                new Class<?>[]{JsonWebToken.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getSubject" -> claims.get("sub");
                    case "getClaim" -> claims.get(args[0].toString());
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new Caller(identity, token);
    }
}
