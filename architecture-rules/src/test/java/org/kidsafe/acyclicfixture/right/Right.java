package org.kidsafe.acyclicfixture.right;

public class Right {
}
