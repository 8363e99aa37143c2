package org.kidsafe.consent.erasure;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.kidsafe.events.DataCategory;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** Stores a set of categories as a sorted comma-separated list, e.g. {@code PHOTOS,VOICE}. */
@Converter
public class CategorySetConverter implements AttributeConverter<Set<DataCategory>, String> {

    @Override
    public String convertToDatabaseColumn(Set<DataCategory> categories) {
        return EnumSet.copyOf(categories).stream().map(Enum::name).collect(Collectors.joining(","));
    }

    @Override
    public Set<DataCategory> convertToEntityAttribute(String column) {
        return Arrays.stream(column.split(",")).map(DataCategory::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(DataCategory.class)));
    }
}
