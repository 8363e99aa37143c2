package org.kidsafe.gateway.proxy;

import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;

/** One downstream answer, or none because the service is unavailable (never a failure). */
public record Fetched(String service, Downstream.Reply reply) {

    public static Uni<Fetched> from(Downstream downstream, String path, MultiMap headers) {
        return Uni.createFrom().completionStage(() -> downstream.fetch(path, headers).toCompletionStage())
                .map(reply -> new Fetched(downstream.name(), reply))
                .onFailure().recoverWithItem(new Fetched(downstream.name(), null));
    }

    /** Unreachable, or the service said it is in trouble itself. */
    public boolean unavailable() {
        return reply == null || reply.status() >= 500;
    }

    public boolean refused() {
        return reply != null && reply.status() >= 400 && reply.status() < 500;
    }
}
