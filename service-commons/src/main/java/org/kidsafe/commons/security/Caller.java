package org.kidsafe.commons.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.kidsafe.commons.problem.ProblemException;

import java.util.Optional;
import java.util.UUID;

/**
 * Who is calling, from the access token this service validated itself. Parents are identified by
 * the token subject; a toy's token names the one child it is bound to.
 */
@RequestScoped
public class Caller {

    public static final String PARENT = "parent";
    public static final String TOY = "toy";
    public static final String COMPLIANCE_OFFICER = "compliance-officer";
    /**
     * The operator who replays erasures after a database restore (issue 18 item 1): held only by the service account
     * of Keycloak's {@code kidsafe-erasure-operator} client, never by a person signing in through the parent app.
     */
    public static final String ERASURE_OPERATOR = "erasure-operator";
    public static final String CHILD_ID_CLAIM = "child_id";
    public static final String DEVICE_ID_CLAIM = "device_id";

    private final SecurityIdentity identity;
    private final JsonWebToken token;

    Caller(SecurityIdentity identity, JsonWebToken token) {
        this.identity = identity;
        this.token = token;
    }

    public boolean isParent() {
        return identity.hasRole(PARENT);
    }

    public boolean isToy() {
        return identity.hasRole(TOY);
    }

    public boolean isComplianceOfficer() {
        return identity.hasRole(COMPLIANCE_OFFICER);
    }

    /** The parent's id (token subject); refused when the caller is not a parent. */
    public UUID parentId() {
        if (!isParent()) {
            throw ProblemException.forbidden("parent-only", "Only a parent may do this.");
        }
        return subjectAsId();
    }

    /** The compliance officer's id (token subject), recorded with what they decide; refused when the caller is not one. */
    public UUID officerId() {
        if (!isComplianceOfficer()) {
            throw ProblemException.forbidden("officer-only", "Only a compliance officer may do this.");
        }
        return subjectAsId();
    }

    /** The child a toy's token is bound to; refused when the caller is not a toy. */
    public UUID toyChildId() {
        if (!isToy()) {
            throw ProblemException.forbidden("toy-only", "Only a paired toy may do this.");
        }
        return claimAsId(CHILD_ID_CLAIM).orElseThrow(() -> ProblemException.forbidden("toy-unbound", "This toy is not bound to a child."));
    }

    /** The {@code device_id} of a toy's token: the device's pseudonym (HMAC under the deployment's key, issue 16), never its raw id. */
    public String toyDeviceId() {
        return Optional.ofNullable(token.<Object>getClaim(DEVICE_ID_CLAIM)).map(Object::toString)
                .orElseThrow(() -> ProblemException.forbidden("toy-unbound", "This token names no device."));
    }

    private UUID subjectAsId() {
        try {
            return UUID.fromString(token.getSubject());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.forbidden("unknown-subject", "The token's subject is not a KidSafe account.");
        }
    }

    private Optional<UUID> claimAsId(String claim) {
        Object value = token.getClaim(claim);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(value.toString().replace("\"", "")));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
