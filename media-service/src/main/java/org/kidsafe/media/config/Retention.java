package org.kidsafe.media.config;

import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.events.DataCategory;
import org.kidsafe.commons.retention.RetentionPolicy;

import java.time.Duration;
import java.time.Instant;

/** How long each media category is kept, from the shared RetentionPolicy. */
@ApplicationScoped
public class Retention {

    private final RetentionPolicy policy;

    Retention(RetentionPolicy policy) {
        this.policy = policy;
    }

    public Duration of(DataCategory category) {
        return switch (category) {
            case PHOTOS -> policy.photos();
            case VOICE -> policy.voice();
            case CHAT -> policy.chat();
            default -> throw new IllegalArgumentException(category + " is not kept by media-service");
        };
    }

    public Instant expiresAt(DataCategory category, Instant storedAt) {
        return storedAt.plus(of(category));
    }
}
