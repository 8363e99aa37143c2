package org.kidsafe.consent.notice;

import java.time.Instant;

/**
 * A notice version as it was emailed to a parent with a confirmation code (16 CFR 312.4(c), issue 19 item 2): the notice
 * a consent backed by that verification names.
 */
public record SentNotice(int version, String hash, String language, Instant sentAt) {
}
