package org.kidsafe.consentprojection;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** The latest consent state this service has seen for one child and category. */
@Entity
@Table(name = "consent_projection")
public class ConsentProjection extends PanacheEntityBase {

    @EmbeddedId
    public ConsentKey key;

    @Column(name = "parent_id", nullable = false)
    public UUID parentId;

    @Column(nullable = false)
    public boolean granted;

    @Column(name = "notice_version", nullable = false)
    public int noticeVersion;

    /** When the change happened at consent-service; an older event never overwrites a newer one. */
    @Column(name = "changed_at", nullable = false)
    public Instant changedAt;
}
