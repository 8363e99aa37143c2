package org.kidsafe.profile.pairing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Where and as whom profile-service creates and deletes toy identities (users of the group /toys) in Keycloak. */
@ConfigMapping(prefix = "kidsafe.keycloak")
public interface KeycloakSettings {

    /** Base URL of Keycloak for the Admin REST API, e.g. {@code http://keycloak:8080}. */
    String url();

    @WithDefault("kidsafe")
    String realm();

    /**
     * Confidential client whose only powers are the fine-grained admin permission on the group of toys and
     * realm-management's query-users (docs/design/toy-identity.md, section 3).
     */
    @WithDefault("kidsafe-device-registrar")
    String registrarClientId();

    Optional<String> registrarSecret();

    /** The group every toy user is created in; the registrar may create users nowhere else. */
    @WithDefault("/toys")
    String toyGroup();

    /** The shared public client whose password grant toys use. */
    @WithDefault("kidsafe-toy")
    String toyClientId();

    /**
     * The token endpoint as toys reach it; without it, derived from {@link #url()} and {@link #realm()}
     * (right when profile-service and toys reach Keycloak at the same address).
     */
    Optional<String> toyTokenEndpoint();

    @WithDefault("PT10S")
    Duration timeout();

    /** The token endpoint of the realm at {@code base}. */
    default String tokenEndpointAt(String base) {
        return base.replaceAll("/+$", "") + "/realms/" + realm() + "/protocol/openid-connect/token";
    }

    /** Where a toy asks for its tokens. */
    default String toyTokenEndpointOrDerived() {
        return toyTokenEndpoint().orElseGet(() -> tokenEndpointAt(url()));
    }
}
