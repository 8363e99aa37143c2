package org.kidsafe.consent.child;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A child as consent-service knows it: an opaque id and its parent, no personal information. */
@Entity
@Table(name = "child")
public class Child {

    @Id
    public UUID id;

    @Column(name = "parent_id", nullable = false)
    public UUID parentId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
