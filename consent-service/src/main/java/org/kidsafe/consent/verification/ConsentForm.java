package org.kidsafe.consent.verification;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A signed consent form a parent uploaded; its bytes exist only until a compliance officer decides. */
@Entity
@Table(name = "consent_form")
public class ConsentForm {

    public enum Status { PENDING, APPROVED, REJECTED }

    @Id
    public UUID id;

    @Column(name = "parent_id", nullable = false)
    public UUID parentId;

    @Column(name = "content_type")
    public String contentType;

    @Column(name = "content")
    public byte[] content;

    @Column(name = "size_bytes")
    public Integer sizeBytes;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "submitted_at", nullable = false)
    public Instant submittedAt;

    @Column(name = "decided_at")
    public Instant decidedAt;

    @Column(name = "reviewer_id")
    public UUID reviewerId;
}
