package org.kidsafe.media.chat;

import jakarta.validation.constraints.NotBlank;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "ChatRequest")
public record ChatRequest(@NotBlank @Schema(description = "The message text", maxLength = 500) String text) {
}
