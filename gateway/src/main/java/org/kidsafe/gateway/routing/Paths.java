package org.kidsafe.gateway.routing;

import java.util.Arrays;
import java.util.List;

final class Paths {

    private Paths() {
    }

    static List<String> segments(String path) {
        return Arrays.stream(path.split("/")).filter(segment -> !segment.isEmpty()).toList();
    }
}
