package org.kidsafe.gateway.service;

import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import org.kidsafe.gateway.proxy.Downstream;

/** One downstream answer, or none because the service is unavailable (never a failure). */
record Fetched(String service, Downstream.Reply reply) {

    static Uni<Fetched> from(Downstream downstream, String path, MultiMap headers) {
        return Uni.createFrom().completionStage(() -> downstream.fetch(path, headers).toCompletionStage())
                .map(reply -> new Fetched(downstream.name(), reply))
                .onFailure().recoverWithItem(new Fetched(downstream.name(), null));
    }

    /** Unreachable, or the service said it is in trouble itself. */
    boolean unavailable() {
        return reply == null || reply.status() >= 500;
    }

    boolean refused() {
        return reply != null && reply.status() >= 400 && reply.status() < 500;
    }
}
