package org.kidsafe.events;

import org.kidsafe.events.schema.ChildGuardiansChanged;
import org.kidsafe.events.schema.ConsentGranted;
import org.kidsafe.events.schema.ConsentRevoked;
import org.kidsafe.events.schema.ErasureCompleted;
import org.kidsafe.events.schema.ErasureCompletedV2;
import org.kidsafe.events.schema.ErasureCompletedV3;
import org.kidsafe.events.schema.ErasureRequested;
import org.kidsafe.events.schema.ErasureRequestedV2;
import org.kidsafe.events.schema.ProfileExpired;
import org.kidsafe.events.schema.RetentionApproaching;
import org.kidsafe.events.schema.ToyPaired;
import org.kidsafe.events.schema.ToyPairedV2;
import org.kidsafe.events.schema.ToyUnpaired;
import org.kidsafe.events.schema.ToyUnpairedV2;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every event schema of the platform, in one place. A payload class not listed here cannot be published. */
public final class EventCatalog {

    public static final List<Class<? extends Record>> PAYLOADS = List.of(
            ConsentGranted.class,
            ConsentRevoked.class,
            ChildGuardiansChanged.class,
            ErasureRequested.class,
            ErasureRequestedV2.class,
            ErasureCompleted.class,
            ErasureCompletedV2.class,
            ErasureCompletedV3.class,
            ToyPaired.class,
            ToyPairedV2.class,
            ToyUnpaired.class,
            ToyUnpairedV2.class,
            ProfileExpired.class,
            RetentionApproaching.class);

    private static final Map<Class<?>, EventSchema> BY_CLASS = PAYLOADS.stream()
            .collect(Collectors.toUnmodifiableMap(Function.identity(), EventCatalog::annotationOf));

    private static final Map<String, Class<? extends Record>> BY_TYPE_AND_VERSION = PAYLOADS.stream()
            .collect(Collectors.toUnmodifiableMap(type -> key(annotationOf(type).type(), annotationOf(type).version()), Function.identity()));

    private EventCatalog() {
    }

    public static EventSchema schemaOf(Class<?> payloadType) {
        EventSchema schema = BY_CLASS.get(payloadType);
        if (schema == null) {
            throw new IllegalArgumentException(payloadType.getName() + " is not in the event catalog");
        }
        return schema;
    }

    public static Optional<Class<? extends Record>> payloadClass(String type, int version) {
        return Optional.ofNullable(BY_TYPE_AND_VERSION.get(key(type, version)));
    }

    private static EventSchema annotationOf(Class<?> type) {
        EventSchema schema = type.getAnnotation(EventSchema.class);
        if (schema == null) {
            throw new IllegalStateException(type.getName() + " lacks @EventSchema");
        }
        return schema;
    }

    private static String key(String type, int version) {
        return type + "/v" + version;
    }
}
