package org.kidsafe.consent.erasure;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One participant's verified erasure report for a saga. */
@Entity
@Table(name = "erasure_answer")
public class ErasureAnswer {

    @Id
    public UUID id;

    @Column(name = "erasure_id", nullable = false)
    public UUID erasureId;

    @Column(nullable = false)
    public String service;

    /** The report exactly as signed (compact JWS). */
    @Column(nullable = false)
    public String report;

    @Column(name = "report_digest", nullable = false)
    public String reportDigest;

    /** The report's counts as JSON. */
    @Column(nullable = false)
    public String erased;

    @Column
    public String method;

    @Column(name = "report_completed_at")
    public Instant reportCompletedAt;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    /** The report's stores with their T1 and T2 as JSON; null for a version 1 report, which stated none. */
    @Column
    public String stores;
}
