package org.kidsafe.events;

import java.util.List;

/**
 * Every topic has exactly one producer (issue 16, least privilege): a service can be allowed to write only
 * what it owns, so a compromised one cannot speak for another. The record key is always the child's id. Who
 * may produce and consume which topic is {@link TopicAccess}.
 */
public final class Topics {

    /** Consent state per child and data category; produced by consent-service. */
    public static final String CONSENT = "kidsafe.consent.events";
    /** Erasure requests of the saga; produced by consent-service only. */
    public static final String ERASURE_REQUESTS = "kidsafe.erasure.requests";
    /** Profile and toy-pairing facts other services need; produced by profile-service. */
    public static final String PROFILE = "kidsafe.profile.events";
    /** profile-service's signed answers to erasure requests; produced by profile-service only. */
    public static final String PROFILE_ERASURE_REPORTS = "kidsafe.profile.erasure-reports";
    /** media-service's signed answers to erasure requests; produced by media-service only. */
    public static final String MEDIA_ERASURE_REPORTS = "kidsafe.media.erasure-reports";
    /** Facts about a child's media other services need (retention limits approaching, issue 19 item 8); produced by media-service. */
    public static final String MEDIA = "kidsafe.media.events";
    /** Every event topic above. */
    public static final List<String> ALL = List.of(CONSENT, ERASURE_REQUESTS, PROFILE, PROFILE_ERASURE_REPORTS, MEDIA_ERASURE_REPORTS, MEDIA);

    private static final String SERVICE_SUFFIX = "-service";

    private Topics() {
    }

    /** The dead-letter topic where one consumer group parks events it cannot process. */
    public static String deadLetter(String topic, String consumerGroup) {
        return topic + "." + consumerGroup + ".dlq";
    }

    /**
     * The topic an erasure participant reports on, {@code kidsafe.<service without -service>.erasure-reports}: its own,
     * so that its principal may write there and nowhere another participant reports.
     */
    public static String erasureReportsOf(String service) {
        if (!service.endsWith(SERVICE_SUFFIX) || service.length() == SERVICE_SUFFIX.length()) {
            throw new IllegalArgumentException("Not a KidSafe service name: " + service);
        }
        return "kidsafe." + service.substring(0, service.length() - SERVICE_SUFFIX.length()) + ".erasure-reports";
    }
}
