package org.kidsafe.media.item;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.kidsafe.commons.paging.Page;

import java.util.List;

/** One page of a toy's chat inbox (getChatInbox), in the one envelope every paginated list answers (issue 20 item 4). */
@Schema(name = "ChatPage", description = "One page of the parent's messages not yet delivered, oldest first (by sentAt, then id); "
        + "they are now delivered.")
public record ChatPage(
        @Schema(required = true, description = "The page's messages") List<ChatService.InboxMessage> items,
        @Schema(required = true, nullable = true, description = "Always present: the cursor of the next page (pass it as 'after'); null when no undelivered message follows") String next) {

    static ChatPage of(Page<ChatService.InboxMessage> page) {
        return new ChatPage(page.items(), page.next());
    }
}
