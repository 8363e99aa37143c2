package org.kidsafe.media.chat;

/** Who wrote a chat message: the child through the toy, or the parent to the toy. */
public enum ChatDirection {
    FROM_CHILD,
    TO_CHILD
}
