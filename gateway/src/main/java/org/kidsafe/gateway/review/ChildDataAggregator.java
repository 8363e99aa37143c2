package org.kidsafe.gateway.review;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.commons.holdings.ExportDocument;
import org.kidsafe.commons.holdings.Holdings;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.commons.web.RequestIds;
import org.kidsafe.gateway.proxy.Downstreams;
import org.kidsafe.gateway.proxy.Fetched;
import org.kidsafe.gateway.proxy.ServiceTokens;
import org.kidsafe.gateway.proxy.TokenExchangeRefused;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

/**
 * A parent's review across services (§312.6): asks every service for what it holds on the child,
 * on the parent's behalf with a token exchanged for that service (each service checks ownership itself),
 * and combines the answers.
 *
 * <p>A service that is down does not hide what the others hold: its entry says {@code available:
 * false} and the document is marked {@code partial}. Only if no service answers is it a 503. If a
 * service refuses (401/403/404: not this parent's child) that refusal is the answer, unchanged ({@link ServiceRefusal}).
 *
 * <p>Answers are read as the shared contract (service-commons {@link Holdings}, {@link ExportDocument});
 * an answer that does not fit it is a 502, as an unreadable one always was.
 */
@ApplicationScoped
class ChildDataAggregator {

    private final Downstreams downstreams;
    private final ServiceTokens serviceTokens;
    private final ObjectMapper json;

    ChildDataAggregator(Downstreams downstreams, ServiceTokens serviceTokens, ObjectMapper json) {
        this.downstreams = downstreams;
        this.serviceTokens = serviceTokens;
        this.json = json;
    }

    Uni<ObjectNode> holdings(UUID childId, String authorization, String requestId) {
        return gather(childId, "holdings", authorization, requestId);
    }

    Uni<ObjectNode> export(UUID childId, String authorization, String requestId) {
        return gather(childId, "export", authorization, requestId);
    }

    private Uni<ObjectNode> gather(UUID childId, String part, String authorization, String requestId) {
        String callerToken = callerToken(authorization);
        String path = "/v1/children/" + childId + "/" + part;
        List<Uni<Fetched>> calls = downstreams.all().stream()
                .map(downstream -> serviceToken(callerToken, downstream.audience())
                        .chain(token -> Fetched.from(downstream, path, MultiMap.caseInsensitiveMultiMap()
                                .add("Authorization", "Bearer " + token)
                                .add(RequestIds.HEADER, requestId)
                                .add("Accept", "application/json"))))
                .toList();
        return Uni.join().all(calls).andFailFast().map(answers -> combine(childId, part, answers));
    }

    /** The verified bearer token of the caller, which the gateway exchanges per service (it never forwards it). */
    static String callerToken(String authorization) {
        return authorization.substring("Bearer ".length()).trim();
    }

    /** Each service is asked with a token exchanged for it alone, as the proxy does (issue 16 item 4). */
    private Uni<String> serviceToken(String callerToken, String audience) {
        return Uni.createFrom().completionStage(() -> serviceTokens.forService(callerToken, audience).toCompletionStage())
                .onFailure().transform(failure -> failure instanceof TokenExchangeRefused
                        ? new ProblemException(401, "unauthorized", "Unauthorized", "A valid access token is required.")
                        : new ProblemException(503, "token-service-unavailable", "Service Unavailable",
                                "Sign-in cannot be checked right now; try again later."));
    }

    private ObjectNode combine(UUID childId, String part, List<Fetched> answers) {
        for (Fetched answer : answers) {
            if (answer.refused()) {
                throw new ServiceRefusal(answer.reply().status(), answer.reply().body());
            }
        }
        if (answers.stream().allMatch(Fetched::unavailable)) {
            throw new ProblemException(503, "services-unavailable", "Service unavailable",
                    "No service could be asked right now; try again later.");
        }
        ObjectNode document = json.createObjectNode();
        document.put("childId", childId.toString());
        document.put("partial", answers.stream().anyMatch(Fetched::unavailable));
        ArrayNode services = document.putArray("services");
        for (Fetched answer : answers) {
            services.add(section(part, answer));
        }
        return document;
    }

    private ObjectNode section(String part, Fetched answer) {
        ObjectNode section = json.createObjectNode();
        section.put("service", answer.service());
        section.put("available", !answer.unavailable());
        if (answer.unavailable()) {
            return section;
        }
        if (part.equals("holdings")) {
            Holdings holdings = read(answer, Holdings.class);
            section.set("holdings", json.valueToTree(holdings.holdings() == null ? List.of() : holdings.holdings()));
        } else {
            section.set("data", json.valueToTree(read(answer, ExportDocument.class)));
        }
        return section;
    }

    private <T> T read(Fetched answer, Class<T> contract) {
        try {
            T read = json.readValue(answer.reply().body().getBytes(), contract);
            if (read == null) {
                throw new IOException("no document");
            }
            return read;
        } catch (IOException e) {
            throw new ProblemException(502, "bad-gateway", "Bad Gateway", "The " + answer.service() + " gave an unreadable answer.");
        }
    }
}
