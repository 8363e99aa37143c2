package org.kidsafe.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The chart's values as Helm merges them: values.yaml, then each values file over it (maps merge, the rest replaces). */
final class Values {

    private Values() {
    }

    static Map<String, Object> load(Path file) {
        try {
            return asMap(Manifests.SERIALIZATION.unmarshal(Files.readString(file), Map.class));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> merged(List<Path> overrides) {
        Map<String, Object> values = load(Chart.VALUES);
        for (Path file : overrides) {
            values = merge(values, load(file));
        }
        return values;
    }

    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        override.forEach((k, v) -> {
            Object b = out.get(k);
            if (b instanceof Map<?, ?> && v instanceof Map<?, ?>) {
                out.put(k, merge(asMap(b), asMap(v)));
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    /** The value at a dotted path, or null. */
    static Object at(Map<String, Object> values, String path) {
        Object current = values;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }

    /** Every non-empty string value of a key named existingSecret under a subtree. */
    static void collectExistingSecrets(Object tree, java.util.Set<String> into) {
        if (tree instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if ("existingSecret".equals(k) && v instanceof String s && !s.isEmpty()) {
                    into.add(s);
                } else {
                    collectExistingSecrets(v, into);
                }
            });
        } else if (tree instanceof List<?> list) {
            list.forEach(item -> collectExistingSecrets(item, into));
        }
    }
}
