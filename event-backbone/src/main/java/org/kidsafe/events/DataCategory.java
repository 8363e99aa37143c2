package org.kidsafe.events;

/**
 * The categories a parent consents to separately (16 CFR 312.5). Disclosure to third parties is
 * its own category, off by default, and never unlocked by email-plus verification.
 */
public enum DataCategory {
    PROFILE,
    PHOTOS,
    VOICE,
    CHAT,
    THIRD_PARTY_DISCLOSURE
}
