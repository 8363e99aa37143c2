package org.kidsafe.embedded.keycloak;

import org.kidsafe.embedded.PostgresServer;
import org.kidsafe.embedded.ServiceDatabase;

/**
 * Keycloak's own PostgreSQL database and login role on the embedded server, as production gives Keycloak a database
 * of its own (issue 21 item 4): the one place that names them, for the launcher and the isolation tests. Like a
 * service's, the role reaches this database only, and no service's role reaches it.
 */
public final class KeycloakDatabase {

    public static final String DATABASE = "keycloak";
    public static final String ROLE = "keycloak";

    private KeycloakDatabase() {
    }

    /** Creates (or keeps) the database and sets its role's password; see {@link PostgresServer#provision}. */
    public static ServiceDatabase provision(PostgresServer postgres, String password) {
        return postgres.provision(DATABASE, ROLE, password);
    }

    /** Drops the database first, so the realms are imported as given: for a platform that starts from the realm as code. */
    public static ServiceDatabase provisionEmpty(PostgresServer postgres, String password) {
        postgres.drop(DATABASE);
        return provision(postgres, password);
    }
}
