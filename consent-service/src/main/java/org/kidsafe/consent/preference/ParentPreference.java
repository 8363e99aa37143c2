package org.kidsafe.consent.preference;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A parent's own settings (issue 19 item 10): the language KidSafe writes to them in; null follows the browser. */
@Entity
@Table(name = "parent_preference")
public class ParentPreference {

    @Id
    @Column(name = "parent_id")
    public UUID parentId;

    /** ISO 639-1 code of a {@link Language}; null: no choice, the request's Accept-Language then English. */
    @Column(length = 8)
    public String language;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
