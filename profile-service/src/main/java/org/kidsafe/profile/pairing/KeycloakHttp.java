package org.kidsafe.profile.pairing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The one HTTP client towards Keycloak: a failure or refusal becomes {@link IdentityProviderUnavailableException} (503). */
@ApplicationScoped
public class KeycloakHttp {

    private static final Logger LOG = Logger.getLogger(KeycloakHttp.class);

    private final ObjectMapper json;
    private final HttpClient http;

    KeycloakHttp(KeycloakSettings settings, ObjectMapper json) {
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            LOG.errorf("Keycloak unreachable (%s %s): %s", request.method(), request.uri().getPath(), e.getMessage());
            throw new IdentityProviderUnavailableException();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdentityProviderUnavailableException();
        }
    }

    static void expect(HttpResponse<String> response, int status, String step) {
        if (response.statusCode() != status) {
            // The body may echo request data; log the status only.
            LOG.errorf("Keycloak refused to %s: HTTP %d", step, response.statusCode());
            throw new IdentityProviderUnavailableException();
        }
    }

    JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IdentityProviderUnavailableException();
        }
    }

    String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unserialisable Keycloak request", e);
        }
    }
}
