package org.kidsafe.consentprojection;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import org.kidsafe.events.DataCategory;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** One child's consent for one data category. */
@Embeddable
public class ConsentKey implements Serializable {

    @Column(name = "child_id")
    public UUID childId;

    @Enumerated(EnumType.STRING)
    public DataCategory category;

    protected ConsentKey() {
    }

    public ConsentKey(UUID childId, DataCategory category) {
        this.childId = childId;
        this.category = category;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConsentKey key && Objects.equals(childId, key.childId) && category == key.category;
    }

    @Override
    public int hashCode() {
        return Objects.hash(childId, category);
    }
}
