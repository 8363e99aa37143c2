package org.kidsafe.events;

/** One topic per aggregate; the record key is always the child's id. */
public final class Topics {

    /** Consent state per child and data category; produced by consent-service. */
    public static final String CONSENT = "kidsafe.consent.events";
    /** The erasure saga: requests from consent-service, completion reports from every service. */
    public static final String ERASURE = "kidsafe.erasure.events";
    /** Profile and toy-pairing facts other services need; produced by profile-service. */
    public static final String PROFILE = "kidsafe.profile.events";

    private Topics() {
    }

    /** The dead-letter topic where one consumer group parks events it cannot process. */
    public static String deadLetter(String topic, String consumerGroup) {
        return topic + "." + consumerGroup + ".dlq";
    }
}
