package org.kidsafe.media.sanitize;

import org.kidsafe.commons.problem.ProblemException;

import java.util.Map;

/**
 * The refusals of an upload that are media-service's own, as problem+json; a file that cannot be cleaned is refused by
 * content-sanitising's {@code SanitisingProblems}. Details never echo the uploaded bytes.
 */
public final class MediaProblems {

    private MediaProblems() {
    }

    public static ProblemException unsupportedType() {
        return new ProblemException(415, "unsupported-media-type", "Unsupported media type",
                "Only JPEG and PNG photos and Ogg/Opus and WAV voice clips are accepted; the type is read from the content itself.");
    }

    public static ProblemException tooLarge(long limitBytes) {
        return new ProblemException(413, "payload-too-large", "Payload Too Large",
                "This kind of media may be at most " + limitBytes + " bytes.", Map.of("limitBytes", limitBytes));
    }

    /**
     * The child was erased for good (its data key has a tombstone): an upload or chat message that arrives after the
     * erasure, e.g. before the consent revocation reached this service, is refused rather than given a fresh key.
     */
    public static ProblemException childErased() {
        return ProblemException.conflict("child-erased", "This child was erased; nothing more is stored for it.");
    }
}
