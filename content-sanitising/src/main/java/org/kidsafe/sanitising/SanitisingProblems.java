package org.kidsafe.sanitising;

import org.kidsafe.commons.problem.ProblemException;

import java.util.Map;

/**
 * The refusals of a file that cannot be cleaned, as problem+json (422), shared by every service that accepts uploads
 * (media-service's photos and voice clips, consent-service's signed forms). Details never echo the uploaded bytes.
 */
public final class SanitisingProblems {

    private SanitisingProblems() {
    }

    public static ProblemException corrupt(String detail) {
        return new ProblemException(422, "corrupt-media", "Corrupt media", detail);
    }

    public static ProblemException tooManyPixels(long limitPixels) {
        return new ProblemException(422, "image-too-large", "Image too large",
                "The image declares more than " + limitPixels + " pixels.", Map.of("limitPixels", limitPixels));
    }
}
