package org.kidsafe.launcher.client;

import org.kidsafe.api.client.ApiException;
import org.kidsafe.api.client.ApiResponse;
import org.kidsafe.api.client.KidSafeApi;
import org.kidsafe.api.client.model.Problem;

import java.util.List;
import java.util.Map;

/**
 * One answer of a call through the generated API client (module api-client): its status and headers, and either the
 * typed body (2xx) or the {@code application/problem+json} body as the contract's {@code Problem} (any other status).
 * The generated client throws a checked {@code ApiException} for a non-2xx answer; KidSafe's own callers assert on
 * refusals (403 before consent, 404 after erasure, 429 with Retry-After), so here a refusal is an answer, not an
 * exception (issue 20 item 3).
 */
public record Answer<T>(int status, Map<String, List<String>> headers, T body, Problem problem) {

    /** One call of an operation of the generated client ({@code ...WithHttpInfo}). */
    @FunctionalInterface
    public interface Call<T> {
        ApiResponse<T> send() throws ApiException;
    }

    /** Makes the call; no answer at all (connection refused, timeout, an unreadable body) is a failure, not an answer. */
    public static <T> Answer<T> of(Call<T> call) {
        try {
            ApiResponse<T> response = call.send();
            return new Answer<>(response.getStatusCode(), response.getHeaders(), response.getData(), null);
        } catch (ApiException e) {
            if (e.getCode() == 0) {
                throw new IllegalStateException("No answer from the API: " + e.getMessage(), e);
            }
            return new Answer<>(e.getCode(), e.getResponseHeaders() == null ? Map.of() : e.getResponseHeaders().map(), null, problem(e));
        }
    }

    /**
     * The problem+json body of a refusal as {@link KidSafeApi#problem} reads it; an answer that is not one (a 401 without
     * a body, a proxy's page) keeps its status, and its text as the detail.
     */
    private static Problem problem(ApiException refusal) {
        return KidSafeApi.problem(refusal).orElseGet(() -> new Problem().status(refusal.getCode()).detail(refusal.getResponseBody()));
    }

    /** The body, or a failure that says what the API answered instead of the expected status. */
    public T expect(int expectedStatus) {
        if (status != expectedStatus) {
            throw new IllegalStateException("Expected HTTP " + expectedStatus + " but got " + status + ": " + (problem == null ? body : problem));
        }
        return body;
    }

    /** A header's first value ("" if absent), e.g. a 429's {@code Retry-After}. */
    public String header(String name) {
        return headers.entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase(name))
                .flatMap(header -> header.getValue().stream()).findFirst().orElse("");
    }
}
