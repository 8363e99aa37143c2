package org.kidsafe.launcher;

import org.kidsafe.embedded.PostgresServer;
import org.kidsafe.embedded.ServiceDatabase;
import org.kidsafe.embedded.keycloak.DevRealm;
import org.kidsafe.embedded.keycloak.KeycloakDatabase;
import org.kidsafe.embedded.keycloak.KeycloakDistribution;
import org.kidsafe.embedded.keycloak.KeycloakServer;
import org.kidsafe.embedded.keycloak.KeycloakStoreMigration;
import org.kidsafe.embedded.keycloak.KidSafeRealm;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The local platform's Keycloak, on PostgreSQL as production runs it (issue 21 item 4, principle 7): its own database
 * and login role on the platform's server, the password made once per installation and kept in {@code keys/} like the
 * services' {@code db-*} secrets. A persistent installation keeps its users and toys there across starts and, on its
 * first start with this release, carries over the previous release's H2 store ({@link KeycloakStoreMigration}); a
 * platform for tests starts from an empty database and the realm as code every time.
 */
final class LocalKeycloak {

    static final String ADMIN = "admin";

    private LocalKeycloak() {
    }

    /**
     * @param directory  Keycloak's work folder, {@code <data>/keycloak}
     * @param gatewayUrl the privacy center's address, which the development realm's redirects name
     * @param smtpPort   the development mailbox's SMTP port, where Keycloak sends its mail (sign-up verification)
     * @param persistent keep users and toys across starts (and migrate a previous release's store); else start empty
     */
    static KeycloakServer start(Path directory, PostgresServer postgres, Keys keys, int port, String gatewayUrl, int smtpPort,
                                boolean persistent) {
        Path home = KeycloakDistribution.locate();
        KeycloakStoreMigration fromH2 = new KeycloakStoreMigration(home, directory, KidSafeRealm.NAME);
        String password = keys.secret("db-" + KeycloakDatabase.DATABASE);
        ServiceDatabase store;
        if (persistent) {
            fromH2.exportFromH2();
            store = KeycloakDatabase.provision(postgres, password);
        } else {
            store = KeycloakDatabase.provisionEmpty(postgres, password);
        }
        KeycloakServer.Builder identity = KeycloakServer.builder(home, directory)
                .httpPort(port)
                .admin(ADMIN, keys.secret("keycloak-admin"))
                .database(store);
        Optional<Path> migrated = persistent ? fromH2.realmToImport() : Optional.empty();
        migrated.ifPresentOrElse(identity::realmFile, () -> identity.realm(DevRealm.realm(gatewayUrl, smtpPort)));
        KeycloakServer keycloak = identity.start();
        if (migrated.isPresent()) {
            fromH2.complete();
        }
        return keycloak;
    }
}
