package org.kidsafe.consent.notice;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.kidsafe.consent.preference.Language;

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

    /** The same notice in Spanish (issue 19 item 10); null on versions published in English only. */
    @Column(name = "text_es")
    public String textEs;

    /** SHA-256 (hex) of {@link #textEs}: a consent under the Spanish text names this hash. */
    @Column(name = "content_hash_es")
    public String contentHashEs;

    @Column(name = "published_at", nullable = false)
    public Instant publishedAt;

    /** When an officer marked this version a material change; null: not material, earlier consents stay valid. */
    @Column(name = "material_at")
    public Instant materialAt;

    /** The text in {@code language}; English where this version has no Spanish text. */
    public String text(Language language) {
        return language == Language.ES && textEs != null ? textEs : text;
    }

    /** The hash of {@link #text(Language)}. */
    public String contentHash(Language language) {
        return language == Language.ES && textEs != null ? contentHashEs : contentHash;
    }

    /** The language {@link #text(Language)} is actually in. */
    public Language language(Language wanted) {
        return wanted == Language.ES && textEs != null ? Language.ES : Language.EN;
    }
}
