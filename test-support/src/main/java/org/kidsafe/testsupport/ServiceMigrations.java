package org.kidsafe.testsupport;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.kidsafe.embedded.OwnedDatabase;
import org.kidsafe.embedded.ServiceDatabase;

import java.util.Map;

/**
 * A service's Flyway migrations run in a test the way a release runs them, so a migration test starts from the previous
 * release's data shape (principle 8). Since issue 18 item 3 a service's schema may belong to an owner role: its
 * migrations name the service's login as the placeholder {@code runtime_role}, which these fill in.
 */
public final class ServiceMigrations {

    private ServiceMigrations() {
    }

    /** As releases before the owner split ran them: as the service's own role, which owns what they create. */
    public static Flyway asRuntimeRole(ServiceDatabase database, String target, String... locations) {
        return runtimeRoleConfiguration(database, target, locations).load();
    }

    /** As the owner, granting the runtime role what the migrations grant it: the init task before the service starts. */
    public static Flyway asOwner(OwnedDatabase database, String target, String... locations) {
        return ownerConfiguration(database, target, locations).load();
    }

    /** {@link #asRuntimeRole}, left open for a test to adjust (e.g. to give a Java migration its KEK). */
    public static FluentConfiguration runtimeRoleConfiguration(ServiceDatabase database, String target, String... locations) {
        return configure(database, database.username(), target, locations);
    }

    /** {@link #asOwner}, left open for a test to adjust (e.g. to give a Java migration its KEK). */
    public static FluentConfiguration ownerConfiguration(OwnedDatabase database, String target, String... locations) {
        return configure(database.owner(), database.runtime().username(), target, locations);
    }

    private static FluentConfiguration configure(ServiceDatabase login, String runtimeRole, String target, String... locations) {
        return Flyway.configure().dataSource(login.jdbcUrl(), login.username(), login.password())
                .locations(locations).target(target)
                .placeholders(Map.of("runtime_role", runtimeRole));
    }
}
