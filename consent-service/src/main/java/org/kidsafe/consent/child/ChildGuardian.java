package org.kidsafe.consent.child;

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
 * One parent who may act for a child (issue 19 item 4): the parent who registered it, or one who accepted an
 * invitation. Ids and times only.
 */
@Entity
@Table(name = "child_guardian")
@IdClass(ChildGuardian.Key.class)
public class ChildGuardian {

    @Id
    @Column(name = "child_id")
    public UUID childId;

    @Id
    @Column(name = "parent_id")
    public UUID parentId;

    /** The child's registration time, so that a parent's children are paged from this table's index alone. */
    @Column(name = "child_created_at", nullable = false)
    public Instant childCreatedAt;

    @Column(name = "added_at", nullable = false)
    public Instant addedAt;

    /** The primary key: the child and the parent. */
    public static class Key implements Serializable {

        public UUID childId;
        public UUID parentId;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(childId, key.childId) && Objects.equals(parentId, key.parentId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(childId, parentId);
        }
    }
}
