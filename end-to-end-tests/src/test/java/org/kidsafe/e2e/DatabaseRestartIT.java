package org.kidsafe.e2e;

import org.kidsafe.api.client.model.MediaItem;
import org.kidsafe.api.client.model.Registered;
import org.kidsafe.launcher.client.Answer;
import org.junit.jupiter.api.Test;
import org.kidsafe.events.Topics;
import org.kidsafe.embedded.Pause;
import org.kidsafe.embedded.PostgresServer;
import org.kidsafe.embedded.keycloak.DevRealm;
import org.kidsafe.launcher.Platform;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL (every service's database) restarted while parents and a toy keep writing: while it
 * is away every answer is a clean 503 problem+json, never a 500 or a stack trace; afterwards every
 * acknowledged write is there with all its parts (row, ledger entry, event) and no refused write
 * left any part behind; the services recover without being restarted.
 */
class DatabaseRestartIT {

    private static final Duration OUTAGE = Duration.ofSeconds(10);
    private static final Duration RECOVERY = Duration.ofSeconds(90);

    private final CallLog log = new CallLog();
    private final AtomicBoolean writing = new AtomicBoolean(true);

    @Test
    void writesFailCleanlyWhileTheDatabaseIsDownAndNothingIsHalfWritten() throws Exception {
        Family family = Family.withConsents(DevRealm.ALICE, "PROFILE", "CHAT").withProfile();
        Family.Toy toy = family.pairToy();
        await().atMost(Family.PROJECTION_DELAY).until(() -> family.journey.sendChatFromToy(toy.token(), "warm up").status() == 201);
        UUID toggled = family.journey.registerChild(family.parent);
        Instant start = Instant.now();

        Set<UUID> registered = ConcurrentHashMap.newKeySet();
        Set<String> chats = ConcurrentHashMap.newKeySet();
        AtomicInteger grants = new AtomicInteger();
        AtomicInteger revokes = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(3);
        List<Future<?>> running = List.of(
                writers.submit(() -> keepWriting(() -> {
                    Answer<Registered> answer = log.record("register-child", () -> family.journey.registration(family.parent));
                    if (answer != null && answer.status() == 201) {
                        registered.add(answer.body().getChildId());
                    }
                })),
                writers.submit(() -> keepWriting(() -> {
                    // Grant and revoke in turn; a refused step is tried again, so the acknowledged ones alternate.
                    boolean grant = grants.get() == revokes.get();
                    Answer<?> answer = grant
                            ? log.record("grant", () -> family.journey.grant(family.parent, toggled, "VOICE", family.notice))
                            : log.record("revoke", () -> family.journey.revoke(family.parent, toggled, "VOICE"));
                    if (answer != null && answer.status() == (grant ? 201 : 202)) {
                        (grant ? grants : revokes).incrementAndGet();
                    }
                })),
                writers.submit(() -> keepWriting(() -> {
                    Answer<MediaItem> answer = log.record("toy-chat", () -> family.journey.sendChatFromToy(toy.token(), "message " + UUID.randomUUID()));
                    if (answer != null && answer.status() == 201) {
                        chats.add(answer.body().getId().toString());
                    }
                })));

        PostgresServer postgres = RunningPlatform.get().postgres();
        try {
            Pause.of(Duration.ofSeconds(3));
            postgres.stop();
            Pause.of(OUTAGE);
        } finally {
            postgres.start();
        }
        long restarted = System.nanoTime();
        try {
            // Recovered by themselves: every kind of write succeeds again, with no service restarted.
            await().atMost(RECOVERY).until(() -> List.of("register-child", "grant", "revoke", "toy-chat").stream().allMatch(operation ->
                    !log.matching(call -> call.operation().equals(operation) && call.succeeded() && call.startedNanos() > restarted).isEmpty()));
        } finally {
            writing.set(false);
            for (Future<?> writer : running) {
                writer.get(60, TimeUnit.SECONDS);
            }
            writers.shutdown();
        }
        System.out.printf("Database restart: %s%n", log.statusCounts());

        List<CallLog.Call> failed = log.matching(call -> !call.succeeded());
        assertFalse(log.matching(call -> call.status() == 503).isEmpty(), "the outage reached no request: " + log.statusCounts());
        for (CallLog.Call call : failed) {
            assertEquals(503, call.status(), "only 503 while the database is away: " + call);
            assertTrue(call.isProblem(), "problem+json: " + call);
            assertFalse(call.leaksInternals(), "internals leaked: " + call);
        }
        for (CallLog.Call call : log.matching(call -> call.body().contains("database-unavailable"))) {
            assertFalse(call.retryAfter().isEmpty(), "a 503 tells when to try again: " + call);
        }

        // Children: every acknowledged registration is a row with its ledger entry; no refused one left a row.
        long childrenSince = ServiceRows.count(Platform.CONSENT, "SELECT count(*) FROM child_guardian WHERE parent_id = ? AND child_created_at >= ?",
                UUID.fromString(DevRealm.ALICE.id()), java.sql.Timestamp.from(start));
        assertEquals(registered.size(), childrenSince, "children rows against acknowledged registrations");
        for (UUID child : registered) {
            assertEquals(1, ServiceRows.ledgerEntriesOfChild("CHILD_REGISTERED", child), "ledger entry of child " + child);
        }

        // Consent changes: record, ledger entry and event together, or none of them.
        assertEquals(grants.get() + 0L, ServiceRows.count(Platform.CONSENT,
                "SELECT count(*) FROM consent_record WHERE child_id = ? AND category = 'VOICE'", toggled), "consent records");
        assertEquals(grants.get() + 0L, ServiceRows.ledgerEntriesOfChild("CONSENT_GRANTED", toggled), "grant ledger entries");
        assertEquals(revokes.get() + 0L, ServiceRows.ledgerEntriesOfChild("CONSENT_REVOKED", toggled), "revoke ledger entries");
        int changes = grants.get() + revokes.get();
        assertEquals(changes, ChildEvents.distinct(ChildEvents.published(Topics.CONSENT, toggled, changes, ChildEvents::isConsentChange, Duration.ofSeconds(60))),
                "consent events for the acknowledged changes, no more, no fewer");

        // Chat: every acknowledged message is stored and listed; nothing else was stored.
        assertEquals(chats.size() + 1L, ServiceRows.count(Platform.MEDIA, "SELECT count(*) FROM media_item WHERE child_id = ?", family.child),
                "chat rows against acknowledged messages (and the warm-up)");
        assertTrue(family.mediaIds().containsAll(chats), "every acknowledged message is listed");
    }

    private void keepWriting(Runnable write) {
        while (writing.get()) {
            write.run();
            Pause.of(Duration.ofMillis(150));
        }
    }
}
