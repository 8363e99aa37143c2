package org.kidsafe.e2e;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.kidsafe.embedded.Nginx;
import org.kidsafe.testsupport.DebianPackages;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local sign-up limit ({@link Nginx.SignUpLimit}, issue 19 item 1) covers what Keycloak serves as its registration
 * paths, not the two exact paths alone: a trailing slash or matrix parameters ({@code ;x=1}) went around the limit
 * before. Against a stub upstream, so no platform is needed (SignUpLimitIT has the real Keycloak). Here rather than in
 * embedded-platform, beside Nginx, for test-support's DebianPackages: nginx is installed when missing, never skipped.
 */
class NginxSignUpLimitTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void registrationPathsWithATrailingSlashOrParametersShareTheLimitAndSignInDoesNot() throws Exception {
        DebianPackages.ensure("Debian's nginx", Nginx::installed, "nginx");
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            byte[] body = "upstream".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        Nginx.SignUpLimit limit = new Nginx.SignUpLimit("kidsafe", 1, 2);
        try (Nginx nginx = Nginx.proxying("127.0.0.1:" + upstream.getAddress().getPort(), Path.of("target", "nginx-sign-up-limit-test"), limit)) {
            String base = nginx.baseUrl() + "/realms/kidsafe/";
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 6 && !statuses.contains(429); i++) {
                statuses.add(get(base + "login-actions/registration/").statusCode());
            }
            assertTrue(statuses.contains(429), "a trailing slash is limited too: " + statuses);
            for (String path : List.of("login-actions/registration", "login-actions/registration;x=1", "login-actions/registration/x",
                    "protocol/openid-connect/registrations", "protocol/openid-connect/registrations/", "protocol/openid-connect/registrations;x=1")) {
                assertEquals(429, get(base + path + "?client_id=kidsafe-parent-app").statusCode(), path + " shares the limit");
            }
            for (String path : List.of("protocol/openid-connect/auth", "login-actions/authenticate", "login-actions/registrationx")) {
                assertEquals(200, get(base + path).statusCode(), path + " is not limited");
            }
        } finally {
            upstream.stop(0);
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
