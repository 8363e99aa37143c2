package org.kidsafe.commons.holdings;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Any service's export, as a reader that does not know the service's own sections sees it (the
 * gateway): the shared head typed, every other section kept as it came and written back in the
 * same order, so a document read and written again is the document the service sent (a head the
 * service left out stays out). Its schema says so: the typed head, then free-form members (the sections are written
 * beside the head, not under a "sections" member, and are not Jackson's JsonNode class; issue 20 item 3).
 */
@JsonPropertyOrder({"service", "childId"})
@Schema(name = "ExportDocument", additionalProperties = Schema.True.class,
        description = "A service's export: service and childId, then the service's own sections as further members.")
public final class ExportDocument implements ChildDataExport {

    @Schema(hidden = true)
    private final Map<String, JsonNode> sections = new LinkedHashMap<>();
    private String service;
    private UUID childId;

    /** For reading only: fields are set in document order, so the sections keep the service's order. */
    ExportDocument() {
    }

    @Override
    @JsonProperty("service")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public String service() {
        return service;
    }

    @Override
    @JsonProperty("childId")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public UUID childId() {
        return childId;
    }

    /** The service's own sections by name, in the order the service wrote them. */
    @JsonAnyGetter
    public Map<String, JsonNode> sections() {
        return Collections.unmodifiableMap(sections);
    }

    @JsonProperty("service")
    void service(String value) {
        service = value;
    }

    @JsonProperty("childId")
    void childId(UUID value) {
        childId = value;
    }

    @JsonAnySetter
    void section(String name, JsonNode value) {
        sections.put(name, value);
    }
}
