package org.kidsafe.consent.notice;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One published version of the direct notice; never changed once stored. */
@Entity
@Table(name = "notice")
public class Notice {

    @Id
    public int version;

    @Column(name = "content_hash", nullable = false)
    public String contentHash;

    @Column(nullable = false)
    public String text;

    @Column(name = "published_at", nullable = false)
    public Instant publishedAt;
}
