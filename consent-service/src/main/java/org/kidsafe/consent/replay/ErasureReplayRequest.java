package org.kidsafe.consent.replay;

import jakarta.validation.constraints.NotNull;

import java.time.Instant;

/** @param since the instant the restored backup was taken (ISO-8601, e.g. {@code 2026-12-06T02:00:00Z}) */
public record ErasureReplayRequest(@NotNull Instant since) {
}
