package org.kidsafe.events;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The access list's own rules (issue 16): one producer per topic, and ACLs that grant nothing beyond the list. */
class TopicAccessTest {

    @Test
    void everyEventTopicHasExactlyOneProducer() {
        for (String topic : Topics.ALL) {
            assertEquals(1, TopicAccess.SERVICES.stream().filter(access -> access.produces().contains(topic)).count(), topic);
        }
        assertEquals(TopicAccess.CONSENT_SERVICE, TopicAccess.ownerOf(Topics.ERASURE_REQUESTS), "only consent-service asks for an erasure");
        assertEquals(TopicAccess.PROFILE_SERVICE, TopicAccess.ownerOf(Topics.erasureReportsOf(TopicAccess.PROFILE_SERVICE)));
        assertEquals(TopicAccess.MEDIA_SERVICE, TopicAccess.ownerOf(Topics.erasureReportsOf(TopicAccess.MEDIA_SERVICE)));
        assertThrows(IllegalArgumentException.class, () -> TopicAccess.ownerOf("kidsafe.erasure.events"));
    }

    @Test
    void everyEventOfTheCatalogTravelsOnATopicItsProducerOwns() {
        for (Class<? extends Record> payload : EventCatalog.PAYLOADS) {
            String topic = EventCatalog.schemaOf(payload).topic();
            assertTrue(topic.equals(EventSchema.EACH_PARTICIPANTS_OWN) || Topics.ALL.contains(topic), payload.getSimpleName());
        }
    }

    @Test
    void aServiceIsGrantedItsOwnTopicsGroupAndDeadLettersOnly() {
        TopicAccess media = TopicAccess.of(TopicAccess.MEDIA_SERVICE);
        Set<String> written = new HashSet<>();
        Set<String> read = new HashSet<>();
        for (AclBinding binding : media.aclBindings()) {
            assertEquals("User:media-service", binding.entry().principal());
            if (binding.pattern().resourceType() == ResourceType.GROUP) {
                assertEquals("media-service", binding.pattern().name());
                assertEquals(AclOperation.READ, binding.entry().operation());
            } else if (binding.entry().operation() == AclOperation.WRITE) {
                written.add(binding.pattern().name());
            } else if (binding.entry().operation() == AclOperation.READ) {
                read.add(binding.pattern().name());
            }
        }
        assertEquals(Set.of("kidsafe.media.erasure-reports", "kidsafe.media.events", "kidsafe.consent.events.media-service.dlq",
                "kidsafe.erasure.requests.media-service.dlq", "kidsafe.profile.events.media-service.dlq"), written);
        assertEquals(Set.of("kidsafe.consent.events", "kidsafe.erasure.requests", "kidsafe.profile.events"), read);
        assertEquals(List.of("kidsafe.profile.erasure-reports.consent-service.dlq", "kidsafe.media.erasure-reports.consent-service.dlq",
                "kidsafe.profile.events.consent-service.dlq", "kidsafe.media.events.consent-service.dlq"),
                TopicAccess.of(TopicAccess.CONSENT_SERVICE).deadLetterTopics());
        assertEquals(15, TopicAccess.allTopics().size(), "six event topics and nine dead-letter topics");
        assertEquals(TopicAccess.MEDIA_SERVICE, TopicAccess.ownerOf(Topics.MEDIA), "only media-service says what reaches its retention limit");
        assertTrue(TopicAccess.of(TopicAccess.PROFILE_SERVICE).aclBindings().stream()
                .noneMatch(binding -> binding.pattern().name().equals(Topics.MEDIA)), "profile-service has no business with media facts");
    }

    @Test
    void aReportTopicIsNamedForItsService() {
        assertEquals(Topics.PROFILE_ERASURE_REPORTS, Topics.erasureReportsOf("profile-service"));
        assertEquals(Topics.MEDIA_ERASURE_REPORTS, Topics.erasureReportsOf("media-service"));
        assertThrows(IllegalArgumentException.class, () -> Topics.erasureReportsOf("gateway"));
        assertThrows(IllegalArgumentException.class, () -> TopicAccess.of("gateway"));
    }
}
