package org.kidsafe.media.sanitize;

import org.kidsafe.commons.problem.ProblemException;

import java.util.Map;

/** The refusals of an upload, as problem+json. Details never echo the uploaded bytes. */
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

    public static ProblemException corrupt(String detail) {
        return new ProblemException(422, "corrupt-media", "Corrupt media", detail);
    }

    /**
     * The child was erased for good (its data key has a tombstone): an upload or chat message that arrives after the
     * erasure, e.g. before the consent revocation reached this service, is refused rather than given a fresh key.
     */
    public static ProblemException childErased() {
        return ProblemException.conflict("child-erased", "This child was erased; nothing more is stored for it.");
    }

    public static ProblemException tooManyPixels(long limitPixels) {
        return new ProblemException(422, "image-too-large", "Image too large",
                "The image declares more than " + limitPixels + " pixels.", Map.of("limitPixels", limitPixels));
    }
}
