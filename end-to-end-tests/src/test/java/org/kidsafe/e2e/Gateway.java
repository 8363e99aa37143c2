package org.kidsafe.e2e;

import org.kidsafe.embedded.Pause;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Raw calls through the gateway for the attack tests. The gateway's rate limit is part of the platform,
 * so a 429 is honoured (wait for Retry-After, then repeat) rather than switched off.
 */
final class Gateway {

    private static final int PATIENCE = 20;

    private Gateway() {
    }

    /**
     * A new client, so a new connection, for each call: a hostile request may end its connection
     * (the gateway answers a malformed one with GOAWAY), and the next attack must not inherit that.
     */
    static ApiClient client() {
        return new ApiClient(RunningPlatform.get().gatewayUrl() + "/api");
    }

    static ApiResponse send(String method, String path, String token, String contentType, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return send(client(), method, path, headers, body);
    }

    static ApiResponse send(String method, String path, String token, String json) {
        return send(method, path, token, json == null ? null : "application/json", json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    /** Any client (gateway or a service directly), repeating after a 429 as a well-behaved app does. */
    static ApiResponse send(ApiClient client, String method, String path, Map<String, String> headers, byte[] body) {
        for (int attempt = 1; ; attempt++) {
            ApiResponse answer = client.exchange(method, path, headers, body);
            if (answer.status() != 429 || attempt == PATIENCE) {
                return answer;
            }
            long seconds = answer.headers().firstValueAsLong("Retry-After").orElse(1);
            Pause.of(Duration.ofMillis(Math.max(200, Math.min(seconds, 5) * 1000)));
        }
    }
}
