package org.kidsafe.events;

import java.util.List;

/** One topic per aggregate; the record key is always the child's id. */
public final class Topics {

    /** Consent state per child and data category; produced by consent-service. */
    public static final String CONSENT = "kidsafe.consent.events";
    /** The erasure saga: requests from consent-service, completion reports from every service. */
    public static final String ERASURE = "kidsafe.erasure.events";
    /** Profile and toy-pairing facts other services need; produced by profile-service. */
    public static final String PROFILE = "kidsafe.profile.events";
    /** Every topic above. */
    public static final List<String> ALL = List.of(CONSENT, ERASURE, PROFILE);

    private Topics() {
    }

    /** The dead-letter topic where one consumer group parks events it cannot process. */
    public static String deadLetter(String topic, String consumerGroup) {
        return topic + "." + consumerGroup + ".dlq";
    }
}
