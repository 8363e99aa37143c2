package org.kidsafe.crypto.datakey;

import java.util.UUID;

/**
 * Thrown when a key is asked for writing for a subject that was erased for good (its key destroyed, a tombstone in
 * its place): nothing may be encrypted for it again (issue 18 item 6). Services answer it as a problem of their own
 * (410 Gone); this module stays free of HTTP.
 */
public class SubjectErasedException extends RuntimeException {

    private final UUID subjectId;

    public SubjectErasedException(UUID subjectId) {
        super("Subject " + subjectId + " was erased; no data key is created for it again");
        this.subjectId = subjectId;
    }

    public UUID subjectId() {
        return subjectId;
    }
}
