package org.kidsafe.profile.pairing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Where and as whom profile-service creates and deletes toy clients in Keycloak. */
@ConfigMapping(prefix = "kidsafe.keycloak")
public interface KeycloakSettings {

    /** Base URL of Keycloak, e.g. {@code http://keycloak:8080}. */
    String url();

    @WithDefault("kidsafe")
    String realm();

    /** Confidential client with realm-management manage-clients and view-clients, nothing more. */
    @WithDefault("kidsafe-device-registrar")
    String registrarClientId();

    Optional<String> registrarSecret();

    /** Default client scopes of a toy client: subject, roles, the service audiences, and the toy role. */
    @WithDefault("basic,roles,kidsafe-services,kidsafe-toy")
    List<String> toyClientScopes();

    @WithDefault("PT10S")
    Duration timeout();
}
