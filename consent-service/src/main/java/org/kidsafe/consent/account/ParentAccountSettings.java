package org.kidsafe.consent.account;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * Where and as whom consent-service deletes parents' Keycloak users (issue 19 item 5): a leaving parent's and an idle
 * parent's account. The client's one role is realm-management manage-users (deploy/README.md, "The parent-accounts
 * client's rights").
 */
@ConfigMapping(prefix = "kidsafe.parent-accounts")
public interface ParentAccountSettings {

    /** Base URL of Keycloak for the Admin REST API, e.g. {@code http://keycloak:8080}. */
    @WithDefault("http://127.0.0.1:8180")
    String url();

    @WithDefault("kidsafe")
    String realm();

    /** Confidential client whose service account deletes users (realm-management manage-users). */
    @WithDefault("kidsafe-parent-accounts")
    String clientId();

    /** Its secret, unless the file {@code kidsafe.secret-files.keycloak-client} names one. */
    Optional<String> clientSecret();

    @WithDefault("PT10S")
    Duration timeout();

    /** Deletions claimed per transaction; the job loops until none is due. */
    @WithDefault("50")
    int batch();
}
