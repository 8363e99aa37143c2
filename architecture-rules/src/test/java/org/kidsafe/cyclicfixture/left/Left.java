package org.kidsafe.cyclicfixture.left;

import org.kidsafe.cyclicfixture.right.Right;

/**
 * Breaks the rule: left -> right -> left. (Cycle fixtures sit directly under org.kidsafe, as a service's
 * packages do, so the rule's slices org.kidsafe.*.(*) cut them into left and right.)
 */
public class Left {
    public Right right() {
        return new Right();
    }
}
