package org.kidsafe.cyclicfixture.right;

import org.kidsafe.cyclicfixture.left.Left;

public class Right {
    public Left left() {
        return new Left();
    }
}
