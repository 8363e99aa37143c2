package org.kidsafe.deploy;

import java.util.Map;
import java.util.function.Supplier;

/** The three values sets the chart is checked with; each is rendered once per test run. */
enum Scenario {
    DEFAULT(Chart::defaults),
    PRODUCTION(Chart::production),
    MINIMAL(Chart::minimal);

    private final Supplier<Chart.Render> render;
    private Manifests manifests;
    private Map<String, Object> values;

    Scenario(Supplier<Chart.Render> render) {
        this.render = render;
    }

    synchronized Manifests manifests() {
        if (manifests == null) {
            manifests = render.get().manifests();
        }
        return manifests;
    }

    /** The merged values of the scenario's files (its --set options are not part of it). */
    synchronized Map<String, Object> chartValues() {
        if (values == null) {
            values = Values.merged(render.get().valuesFiles());
        }
        return values;
    }
}
