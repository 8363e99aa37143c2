package org.kidsafe.media.item;

import jakarta.validation.constraints.NotBlank;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "ChatRequest")
public record ChatRequest(@NotBlank @Schema(description = "The message text", maxLength = 500) String text) {
}
