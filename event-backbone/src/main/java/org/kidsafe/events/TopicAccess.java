package org.kidsafe.events;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The one access list of the event backbone (issue 16, item 3): which service produces and consumes which
 * topics, under which consumer group, and where it parks what it cannot process. Each service is one Kafka
 * principal, {@code User:<service>}, allowed exactly {@link #aclBindings()}: Describe and Write on what it
 * produces and on its own dead-letter topics, Describe and Read on what it consumes, Read on its own consumer
 * group. The embedded broker enforces these bindings; the Helm chart's Strimzi KafkaUsers render the same
 * rules from {@code values.yaml}, and the deploy tests fail when the two differ.
 *
 * @param service  the service and its principal's name, also its consumer group ({@code quarkus.application.name})
 * @param produces the topics it alone writes
 * @param consumes the topics it reads
 */
public record TopicAccess(String service, List<String> produces, List<String> consumes) {

    public static final String CONSENT_SERVICE = "consent-service";
    public static final String PROFILE_SERVICE = "profile-service";
    public static final String MEDIA_SERVICE = "media-service";

    /** Every service that talks over Kafka; the gateway does not. */
    public static final List<TopicAccess> SERVICES = List.of(
            new TopicAccess(CONSENT_SERVICE,
                    List.of(Topics.CONSENT, Topics.ERASURE_REQUESTS),
                    List.of(Topics.PROFILE_ERASURE_REPORTS, Topics.MEDIA_ERASURE_REPORTS, Topics.PROFILE, Topics.MEDIA)),
            new TopicAccess(PROFILE_SERVICE,
                    List.of(Topics.PROFILE, Topics.PROFILE_ERASURE_REPORTS),
                    List.of(Topics.CONSENT, Topics.ERASURE_REQUESTS)),
            new TopicAccess(MEDIA_SERVICE,
                    List.of(Topics.MEDIA_ERASURE_REPORTS, Topics.MEDIA),
                    List.of(Topics.CONSENT, Topics.ERASURE_REQUESTS, Topics.PROFILE)));

    public TopicAccess {
        produces = List.copyOf(produces);
        consumes = List.copyOf(consumes);
    }

    /** The access of one service. */
    public static TopicAccess of(String service) {
        return SERVICES.stream().filter(access -> access.service.equals(service)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No Kafka access is granted to " + service));
    }

    /** The one service allowed to write an event topic. */
    public static String ownerOf(String topic) {
        return SERVICES.stream().filter(access -> access.produces.contains(topic)).map(TopicAccess::service).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No service produces " + topic));
    }

    /** Every topic of the platform: the event topics and every consumer's dead-letter topics. */
    public static List<String> allTopics() {
        Set<String> topics = new LinkedHashSet<>(Topics.ALL);
        SERVICES.forEach(access -> topics.addAll(access.deadLetterTopics()));
        return List.copyOf(topics);
    }

    /** The Kafka principal of the service. */
    public String principal() {
        return "User:" + service;
    }

    public String consumerGroup() {
        return service;
    }

    /** One dead-letter topic per consumed topic, the service's own ({@link Topics#deadLetter}). */
    public List<String> deadLetterTopics() {
        return consumes.stream().map(topic -> Topics.deadLetter(topic, consumerGroup())).toList();
    }

    /** Exactly what the service's principal is allowed; everything else is denied. */
    public List<AclBinding> aclBindings() {
        List<AclBinding> bindings = new ArrayList<>();
        Stream.concat(produces.stream(), deadLetterTopics().stream()).forEach(topic -> {
            bindings.add(allow(ResourceType.TOPIC, topic, AclOperation.DESCRIBE));
            bindings.add(allow(ResourceType.TOPIC, topic, AclOperation.WRITE));
        });
        consumes.forEach(topic -> {
            bindings.add(allow(ResourceType.TOPIC, topic, AclOperation.DESCRIBE));
            bindings.add(allow(ResourceType.TOPIC, topic, AclOperation.READ));
        });
        if (!consumes.isEmpty()) {
            bindings.add(allow(ResourceType.GROUP, consumerGroup(), AclOperation.READ));
        }
        return List.copyOf(bindings);
    }

    private AclBinding allow(ResourceType type, String name, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry(principal(), "*", operation, AclPermissionType.ALLOW));
    }
}
