package org.kidsafe.commons.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.kidsafe.commons.web.RequestIds;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one error mapper of a KidSafe service: every failure becomes problem+json, bad input is
 * always a 4xx, and nothing internal (stack traces, SQL, values the client sent) leaks out.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    /** admin_shutdown, crash_shutdown, cannot_connect_now (starting up): the server is going away or not back yet. */
    private static final Set<String> UNAVAILABLE_SQL_STATES = Set.of("57P01", "57P02", "57P03");
    /** Agroal's message when no connection could be had in time; it carries no SQLState. */
    private static final String POOL_ACQUISITION_TIMEOUT = "Acquisition timeout";
    /** A database restart or failover takes seconds. */
    private static final String DATABASE_RETRY_AFTER_SECONDS = "5";

    @ServerExceptionMapper
    public Response refused(ProblemException e) {
        Response answer = answer(e.status(), e.slug(), e.title(), e.getMessage(), e.extensions());
        Object retryAfter = e.extensions().get(ProblemException.RETRY_AFTER_SECONDS);
        return retryAfter == null ? answer : Response.fromResponse(answer).header("Retry-After", retryAfter.toString()).build();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Map<String, String>> errors = e.getConstraintViolations().stream()
                .sorted(Comparator.comparing(violation -> violation.getPropertyPath().toString()))
                .map(ProblemMapper::describe)
                .toList();
        return answer(400, "validation-failed", "Validation failed", "The request has invalid fields.", Map.of("errors", errors));
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        return answer(400, "malformed-body", "Malformed body", "The body is not well-formed JSON.", Map.of());
    }

    /** Declared apart from its supertype: Quarkus ships a mapper for exactly this type, and ours must win. */
    @ServerExceptionMapper
    public Response mistyped(MismatchedInputException e) {
        if (e instanceof UnrecognizedPropertyException) {
            return answer(400, "unknown-field", "Unknown field", "Field '" + fieldPath(e) + "' is not accepted here.", Map.of());
        }
        String detail = e.getPath().isEmpty()
                ? "The body does not have the expected shape."
                : "Field '" + fieldPath(e) + "' has the wrong type or format.";
        return answer(400, "malformed-body", "Malformed body", detail, Map.of());
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.errorf(e, "HTTP %d while handling request %s", status, RequestIds.current());
            return answer(status, "server-error", "Server error", "The request could not be completed.", Map.of());
        }
        if (e.getCause() instanceof MismatchedInputException mismatch) {
            return mistyped(mismatch);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        Response.StatusType reason = Response.Status.fromStatusCode(status);
        String title = reason == null ? "Error" : reason.getReasonPhrase();
        return answer(status, slugOf(title), title, detailFor(status), Map.of());
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class, AuthenticationCompletionException.class})
    public Response unauthenticated(RuntimeException e) {
        return Response.fromResponse(answer(401, "unauthorized", "Unauthorized", detailFor(401), Map.of()))
                .header("WWW-Authenticate", "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return answer(403, "forbidden", "Forbidden", detailFor(403), Map.of());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (isDatabaseUnreachable(e)) {
            // Expected during a database restart or failover: no stack trace. Nothing was committed unless the connection
            // broke during the commit itself (then the outcome is unknown), so the answer invites a retry, not a promise.
            LOG.warnf("Database unreachable while handling request %s: %s", RequestIds.current(), e.getClass().getName());
            return Response.fromResponse(answer(503, "database-unavailable", "Service unavailable",
                            "The service cannot reach its database right now; try again shortly.", Map.of()))
                    .header("Retry-After", DATABASE_RETRY_AFTER_SECONDS)
                    .build();
        }
        LOG.errorf(e, "Unexpected failure while handling request %s", RequestIds.current());
        return answer(500, "server-error", "Server error", "The request could not be completed.", Map.of());
    }

    /**
     * Whether a failure, anywhere in its cause chain, is the database connection being unavailable:
     * a connection-class SQLState (08xxx), the server shutting down or starting up (57P01-57P03), or
     * the pool giving up waiting for a connection. Checked on JDBC's own types, so it holds whichever
     * layer (Hibernate, Agroal, Narayana) wrapped it.
     */
    static boolean isDatabaseUnreachable(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        // Causes and suppressed exceptions both: a commit that fails as the connection is terminated surfaces as
        // the transaction manager's RollbackException, with the driver's error only as a suppressed XAException.
        Deque<Throwable> pending = new ArrayDeque<>(List.of(failure));
        while (!pending.isEmpty()) {
            Throwable cause = pending.pop();
            if (!seen.add(cause)) {
                continue;
            }
            if (cause.getCause() != null) {
                pending.push(cause.getCause());
            }
            pending.addAll(List.of(cause.getSuppressed()));
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || UNAVAILABLE_SQL_STATES.contains(state))) {
                    return true;
                }
                String message = sql.getMessage();
                if (message != null && message.startsWith(POOL_ACQUISITION_TIMEOUT)) {
                    return true;
                }
            }
        }
        return false;
    }

    public static Response answer(int status, String slug, String title, String detail, Map<String, Object> extensions) {
        Problem problem = new Problem(slug, title, status, detail, RequestIds.current(), extensions);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static Map<String, String> describe(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        // Drop the resource method and parameter prefix ("grant.request.category" -> "category").
        String[] parts = path.split("\\.");
        String field = parts.length > 2 ? String.join(".", List.of(parts).subList(2, parts.length)) : parts[parts.length - 1];
        return Map.of("field", field, "message", violation.getMessage());
    }

    private static String fieldPath(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        e.getPath().forEach(reference -> {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else {
                path.append('[').append(reference.getIndex()).append(']');
            }
        });
        return path.toString();
    }

    private static String slugOf(String title) {
        return title.toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }

    private static String detailFor(int status) {
        return switch (status) {
            case 401 -> "A valid access token is required.";
            case 403 -> "You may not do this.";
            case 404 -> "No such resource.";
            case 405 -> "This method is not allowed on this resource.";
            case 406 -> "No acceptable representation; ask for application/json.";
            case 413 -> "The request body is too large.";
            case 415 -> "Unsupported content type for this resource.";
            default -> "The request was refused.";
        };
    }
}
