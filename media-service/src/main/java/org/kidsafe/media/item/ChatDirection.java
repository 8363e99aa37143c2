package org.kidsafe.media.item;

/** Who wrote a chat message: the child through the toy, or the parent to the toy. */
public enum ChatDirection {
    FROM_CHILD,
    TO_CHILD
}
