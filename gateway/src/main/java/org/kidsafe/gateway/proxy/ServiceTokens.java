package org.kidsafe.gateway.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.kidsafe.commons.secrets.SecretFiles;
import org.kidsafe.gateway.config.GatewaySettings;
import org.kidsafe.gateway.token.TokenCache;

import java.time.Clock;
import java.util.concurrent.CompletionException;

/**
 * The one way the gateway obtains the token it sends to a service (issue 16 item 4): the caller's token, already
 * verified by the gateway (audience {@code kidsafe-gateway}), is exchanged at Keycloak for a token whose only audience
 * is that service, and the answer is kept in the one {@link TokenCache}. A token captured inside one service therefore
 * works neither at another service nor at the gateway. The proxy, the parents' review and the privacy center (which
 * calls the same {@code /api} routes) all take this path.
 */
@ApplicationScoped
public class ServiceTokens {

    private final KeycloakTokenExchange keycloak;
    private final TokenCache cache;
    private final Counter exchanges;

    ServiceTokens(GatewaySettings config, SecretFiles secrets, Vertx vertx, ObjectMapper json, TokenCache cache, MeterRegistry metrics) {
        this.keycloak = new KeycloakTokenExchange(config.tokenExchange(),
                () -> secrets.current(SecretFiles.KEYCLOAK_CLIENT, config.tokenExchange().clientSecret()).orElseThrow(),
                vertx, json, Clock.systemUTC());
        this.cache = cache;
        this.exchanges = Counter.builder("kidsafe.gateway.token.exchanges")
                .description("Token exchanges sent to Keycloak (cache misses)").register(metrics);
    }

    /**
     * The token to send to the service of {@code audience} on behalf of the caller's verified {@code subjectToken}.
     * Fails with {@link TokenExchangeRefused} (answer 401) or {@link TokenExchangeUnavailable} (answer 503).
     */
    public Future<String> forService(String subjectToken, String audience) {
        Context caller = Vertx.currentContext();
        var token = cache.<ServiceToken>get(subjectToken, audience, () -> {
            exchanges.increment();
            return keycloak.exchange(subjectToken, audience).toCompletionStage().toCompletableFuture();
        });
        // Continue on the caller's own context (the request's event loop), whichever thread Keycloak's answer came on.
        return (caller == null ? Future.fromCompletionStage(token) : Future.fromCompletionStage(token, caller))
                .recover(failure -> Future.failedFuture(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure))
                .map(ServiceToken::value);
    }

    void close(@Observes ShutdownEvent shutdown) {
        keycloak.close();
    }
}
