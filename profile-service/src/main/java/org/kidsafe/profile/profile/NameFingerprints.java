package org.kidsafe.profile.profile;

/**
 * A display name's fingerprints to match stored ones with: this scheme's, and the previous release's while rows of
 * that scheme remain (issue 18 item 1; {@code previous} is {@code current} again when there is none).
 */
public record NameFingerprints(byte[] current, byte[] previous) {
}
