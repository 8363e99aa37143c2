package org.kidsafe.erasure.participant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.kidsafe.events.DataCategory;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The reports a participant owes (table {@code erasure_report_due}): recorded in the request's transaction, taken in
 * the transaction that signs and publishes them after its commit, so a replica that dies between the two leaves the
 * report to whoever next takes the child's requests (principle 5; the re-check stays after the commit, issue 18 item 5).
 */
@ApplicationScoped
class DueReports {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final EntityManager entityManager;

    DueReports(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Records the report owed for this erasure. A request asked again (consent-service's overdue re-ask, a replay) while
     * the first answer is still owed keeps the first: its counts are what the erasure really removed.
     */
    @Transactional(TxType.MANDATORY)
    void record(UUID childId, UUID erasureId, Set<DataCategory> categories, Erased erased, Instant receivedAt) {
        entityManager.createNativeQuery("""
                        INSERT INTO erasure_report_due (erasure_id, child_id, answer, received_at)
                        VALUES (:erasureId, :childId, :answer, :receivedAt)
                        ON CONFLICT (erasure_id) DO NOTHING""")
                .setParameter("erasureId", erasureId)
                .setParameter("childId", childId)
                .setParameter("answer", write(new Answer(categories, erased)))
                .setParameter("receivedAt", receivedAt)
                .executeUpdate();
    }

    /**
     * Takes every report owed for the child, oldest request first: locked and deleted in the caller's transaction, the
     * one that publishes them, so two replicas never both publish one.
     */
    @Transactional(TxType.MANDATORY)
    List<Due> takeOf(UUID childId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT erasure_id, answer, received_at FROM erasure_report_due
                        WHERE child_id = :childId ORDER BY received_at FOR UPDATE""")
                .setParameter("childId", childId)
                .getResultList();
        // Each by its id: a row another replica committed after the SELECT is left for its own delivery to take.
        return rows.stream().map(row -> {
            UUID erasureId = (UUID) row[0];
            entityManager.createNativeQuery("DELETE FROM erasure_report_due WHERE erasure_id = :erasureId")
                    .setParameter("erasureId", erasureId)
                    .executeUpdate();
            Answer answer = read((String) row[1]);
            return new Due(erasureId, answer.categories(), answer.erased(), (Instant) row[2]);
        }).toList();
    }

    private static String write(Answer answer) {
        try {
            return JSON.writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An erasure's answer could not be written", e);
        }
    }

    private static Answer read(String json) {
        try {
            return JSON.readValue(json, Answer.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An owed erasure report could not be read", e);
        }
    }

    /** What the report needs besides the child: the categories as the request named them and what was erased. */
    record Answer(Set<DataCategory> categories, Erased erased) {
    }

    /** One owed report: its request's erasure, what it erased, and when the service's consumer took it. */
    record Due(UUID erasureId, Set<DataCategory> categories, Erased erased, Instant receivedAt) {
    }
}
