package org.kidsafe.embedded.keycloak;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Path;

/**
 * One in-memory Keycloak for the realm's unit-level tests of this module ({@link KeycloakServerTest},
 * {@link TokenExchangeTest}, {@link ToyRegistrarContainmentTest}, {@link SignUpRealmTest}, {@link ParentAppSignInTest}), handed to a {@code KeycloakServer} parameter: the
 * development realm, and the production realm imported unchanged beside it as {@value #PRODUCTION}. The first class
 * that asks starts it; JUnit closes it when the whole run ends (the root store closes what it holds). Each class
 * started its own before, about 30 s each on the 2-core CI machine (half of it Keycloak's build step in a new work
 * folder), for a server none of them needs alone.
 *
 * <p>Sharing it is safe because none of these classes changes what another one reads: they add users of their own
 * (random names, toys under {@value KidSafeRealm#TOY_USERNAME_DOMAIN}), try changes the realm must refuse and check
 * that nothing changed, and compare the realm as imported. A test that changes the realm itself
 * ({@link RealmUpgradeTest}) keeps a server of its own.
 */
final class SharedDevKeycloak implements ParameterResolver {

    /** The production realm's name beside the development {@code kidsafe} realm. */
    static final String PRODUCTION = "kidsafe-production";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedDevKeycloak.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KeycloakServer.class;
    }

    @Override
    public KeycloakServer resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(Running.class, type -> Running.start(), Running.class).server();
    }

    /** The started server; closing it (at the end of the run) stops Keycloak, and checks that it did stop. */
    private record Running(KeycloakServer server) implements AutoCloseable {

        static Running start() {
            KeycloakServer keycloak = KeycloakServer.builder(KeycloakDistribution.locate(), Path.of("target", "kidsafe-keycloak-test"))
                    .realmJson(DevRealm.json())
                    .realm(KidSafeRealm.renamed(KidSafeRealm.load(), PRODUCTION))
                    .start();
            System.out.printf("Keycloak %s (JDK %s) ready in %d ms at %s, log %s%n",
                    KeycloakDistribution.version(keycloak.home()), keycloak.javaHome(), keycloak.startupTime().toMillis(),
                    keycloak.baseUrl(), keycloak.logFile());
            return new Running(keycloak);
        }

        @Override
        public void close() {
            server.close();
            if (server.isRunning()) {
                throw new AssertionError("Keycloak still runs after close(): " + server.baseUrl());
            }
        }
    }
}
