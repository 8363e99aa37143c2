package org.kidsafe.acyclicfixture.left;

import org.kidsafe.acyclicfixture.right.Right;

/** Keeps the rule: left -> right only. */
public class Left {
    public Right right() {
        return new Right();
    }
}
