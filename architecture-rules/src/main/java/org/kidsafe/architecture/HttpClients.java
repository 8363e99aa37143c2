package org.kidsafe.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;

import java.util.List;
import java.util.stream.Stream;

/**
 * What counts as a call over HTTP: a call on an HTTP client library type (JDK, Vert.x, MicroProfile REST
 * client, Keycloak admin client), or on a KidSafe class that uses one (an adapter such as
 * {@code KeycloakToyIdentityIssuer}), or on an interface such an adapter implements (the port a service
 * calls, such as {@code ToyIdentityIssuer}).
 */
final class HttpClients {

    private static final List<String> CLIENT_TYPES = List.of(
            "java.net.http.HttpClient",
            "java.net.HttpURLConnection",
            "io.vertx.core.http.HttpClient",
            "io.vertx.core.http.HttpClientRequest",
            "io.vertx.mutiny.core.http.HttpClient",
            "io.vertx.mutiny.core.http.HttpClientRequest");
    private static final List<String> CLIENT_PACKAGES = List.of(
            "io.vertx.ext.web.client",
            "io.vertx.mutiny.ext.web.client",
            "org.eclipse.microprofile.rest.client",
            "org.keycloak.admin.client",
            "jakarta.ws.rs.client");
    private static final String REST_CLIENT = "org.eclipse.microprofile.rest.client.inject.RegisterRestClient";

    private HttpClients() {
    }

    /** A library type that sends HTTP requests itself. */
    static boolean isClientLibrary(JavaClass type) {
        return CLIENT_TYPES.stream().anyMatch(type::isAssignableTo)
                || CLIENT_PACKAGES.stream().anyMatch(p -> type.getPackageName().equals(p) || type.getPackageName().startsWith(p + "."))
                || type.isAnnotatedWith(REST_CLIENT);
    }

    /** A KidSafe class that talks HTTP through a client library, directly. */
    private static boolean isAdapter(JavaClass type) {
        return type.getPackageName().startsWith("org.kidsafe.")
                && type.getDirectDependenciesFromSelf().stream().map(Dependency::getTargetClass).anyMatch(HttpClients::isClientLibrary);
    }

    /** True if calling a method of {@code owner} may send an HTTP request (one level of adapters or ports). */
    static boolean callsOverHttp(JavaClass owner) {
        return isClientLibrary(owner)
                || Stream.concat(Stream.of(owner), owner.getAllSubclasses().stream()).anyMatch(HttpClients::isAdapter);
    }
}
