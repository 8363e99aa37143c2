package org.kidsafe.deploy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Kubernetes label selector semantics, to check which pods a selector really picks. */
final class Selectors {

    private Selectors() {
    }

    static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty()
                && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        Map<String, String> matchLabels = Optional.ofNullable(selector.getMatchLabels()).orElse(Map.of());
        List<LabelSelectorRequirement> expressions =
                Optional.ofNullable(selector.getMatchExpressions()).orElse(List.of());
        if (matchLabels.isEmpty() && expressions.isEmpty()) {
            return true; // the empty selector selects everything
        }
        boolean labelsOk = matchLabels.entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        boolean expressionsOk = expressions.stream().allMatch(r -> switch (r.getOperator()) {
            case "In" -> labels.containsKey(r.getKey()) && r.getValues().contains(labels.get(r.getKey()));
            case "NotIn" -> !labels.containsKey(r.getKey()) || !r.getValues().contains(labels.get(r.getKey()));
            case "Exists" -> labels.containsKey(r.getKey());
            case "DoesNotExist" -> !labels.containsKey(r.getKey());
            default -> throw new AssertionError("Unknown operator " + r.getOperator());
        });
        return labelsOk && expressionsOk;
    }
}
