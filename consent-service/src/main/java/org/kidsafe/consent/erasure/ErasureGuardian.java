package org.kidsafe.consent.erasure;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A guardian of the child when the erasure started (issue 19 item 4): the erasure is that household's history, so each
 * of them sees it ({@code GET /v1/erasures}), also after leaving the household or once the child is deleted. Ids and the
 * erasure's start only.
 */
@Entity
@Table(name = "erasure_guardian")
@IdClass(ErasureGuardian.Key.class)
public class ErasureGuardian {

    @Id
    @Column(name = "erasure_id")
    public UUID erasureId;

    @Id
    @Column(name = "parent_id")
    public UUID parentId;

    /** The erasure's start, so that a guardian's erasures are paged from this table's index alone (V23). */
    @Column(name = "requested_at", nullable = false)
    public Instant requestedAt;

    /** The primary key: the erasure and the guardian. */
    public static class Key implements Serializable {

        public UUID erasureId;
        public UUID parentId;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(erasureId, key.erasureId) && Objects.equals(parentId, key.parentId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(erasureId, parentId);
        }
    }
}
