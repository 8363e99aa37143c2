package org.kidsafe.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Names a payload record's event type, schema version and topic. Listed in {@link EventCatalog}. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventSchema {

    String type();

    int version();

    /** The topic it travels on, or {@link #EACH_PARTICIPANTS_OWN} for an erasure participant's report. */
    String topic();

    /**
     * Marks an event every erasure participant publishes, each on its own topic ({@link Topics#erasureReportsOf}),
     * so that no participant may write where another reports (issue 16).
     */
    String EACH_PARTICIPANTS_OWN = "<each participant's own>";
}
