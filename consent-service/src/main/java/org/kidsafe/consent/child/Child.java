package org.kidsafe.consent.child;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A child as consent-service knows it: an opaque id, no personal information; its guardians are {@link ChildGuardian}s. */
@Entity
@Table(name = "child")
public class Child {

    @Id
    public UUID id;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
