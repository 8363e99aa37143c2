package org.kidsafe.launcher.realm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.kidsafe.embedded.keycloak.KeycloakTokens;
import org.kidsafe.embedded.keycloak.KidSafeRealm;
import org.kidsafe.embedded.keycloak.RealmUpgrade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ./kidsafe realm upgrade [--realm-file=FILE]}: brings the realm of a running Keycloak (a cluster's, through a
 * port-forward) to the realm file's state with {@link RealmUpgrade}, keeping users and credentials. What the Helm
 * chart's operators run after each upgrade, since a KeycloakRealmImport never changes an existing realm
 * (deploy/README.md, "Upgrading the realm"); {@code ./kidsafe up} does the same by itself for the local platform.
 */
public final class UpgradeRealm {

    private UpgradeRealm() {
    }

    /**
     * Configured by the environment as {@code toys migrate} is: {@code KIDSAFE_KEYCLOAK_URL} (default the local
     * platform's), a master-realm administrator {@code KIDSAFE_KEYCLOAK_ADMIN} / {@code KIDSAFE_KEYCLOAK_ADMIN_PASSWORD};
     * the realm file defaults to this release's production realm (pass the copy you deploy if you changed it).
     */
    public static void main(String[] args) throws IOException {
        String url = env("KIDSAFE_KEYCLOAK_URL", "http://127.0.0.1:8180");
        String user = env("KIDSAFE_KEYCLOAK_ADMIN", "");
        String password = env("KIDSAFE_KEYCLOAK_ADMIN_PASSWORD", "");
        String file = List.of(args).stream().filter(arg -> arg.startsWith("--realm-file=")).map(arg -> arg.substring(13))
                .findFirst().orElse("");
        if (user.isEmpty() || password.isEmpty()) {
            System.err.println("usage: KIDSAFE_KEYCLOAK_ADMIN=... KIDSAFE_KEYCLOAK_ADMIN_PASSWORD=... [KIDSAFE_KEYCLOAK_URL=...] "
                    + "./kidsafe realm upgrade [--realm-file=kidsafe-realm.json]");
            System.exit(2);
        }
        ObjectNode realm = file.isEmpty() ? KidSafeRealm.load() : (ObjectNode) new ObjectMapper().readTree(Files.readString(Path.of(file)));
        RealmUpgrade.Outcome outcome = new RealmUpgrade(url, KeycloakTokens.masterAdmin(url, user, password)).apply(realm);
        if (outcome.skipped()) {
            System.out.println("realm " + realm.path("realm").asText() + " is at revision " + outcome.revision() + " already");
            return;
        }
        outcome.changes().forEach(change -> System.out.println("changed: " + change));
        outcome.kept().forEach(kept -> System.out.println("kept: " + kept));
        System.out.printf("%d changes, %d kept%s%n", outcome.changes().size(), outcome.kept().size(),
                outcome.kept().isEmpty() ? "; revision " + outcome.revision() + " recorded" : "; run again once they are gone");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
