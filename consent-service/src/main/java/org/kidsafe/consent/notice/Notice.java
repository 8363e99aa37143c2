package org.kidsafe.consent.notice;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * One published version of the direct notice; its text never changes once stored. A compliance officer may mark it
 * material afterwards (16 CFR 312.4(b), issue 19 item 3): consents given under earlier versions then need renewal.
 */
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

    /** When an officer marked this version a material change; null: not material, earlier consents stay valid. */
    @Column(name = "material_at")
    public Instant materialAt;
}
