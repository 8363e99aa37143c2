package org.kidsafe.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds fields fabric8 did not recognise. A misspelled or misplaced field in a manifest does not fail
 * unmarshalling: it lands in the model object's additionalProperties. This walks the whole object graph and reports
 * every non-empty one (a custom resource's own top level, which holds its spec there by design, excepted).
 */
final class UnknownFields {

    private UnknownFields() {
    }

    static List<String> in(Object root) {
        List<String> found = new ArrayList<>();
        walk(root, root.getClass().getSimpleName(), found, Collections.newSetFromMap(new IdentityHashMap<>()));
        return found;
    }

    private static void walk(Object value, String path, List<String> found, Set<Object> seen) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object item : collection) {
                walk(item, path + "[" + i++ + "]", found, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                walk(e.getValue(), path + "." + e.getKey(), found, seen);
            }
            return;
        }
        Class<?> type = value.getClass();
        if (!type.getName().startsWith("io.fabric8.") || !seen.add(value)) {
            return;
        }
        if (!(value instanceof GenericKubernetesResource)) {
            Object extra = call(value, "getAdditionalProperties");
            if (extra instanceof Map<?, ?> map && !map.isEmpty()) {
                found.add(path + " has unknown fields " + map.keySet());
            }
        }
        for (Method getter : type.getMethods()) {
            String name = getter.getName();
            Class<?> result = getter.getReturnType();
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !name.startsWith("get") || name.equals("getClass") || name.equals("getAdditionalProperties")
                    || !getter.getDeclaringClass().getName().startsWith("io.fabric8.")
                    || result.isPrimitive() || result == String.class || result.isEnum()
                    || Number.class.isAssignableFrom(result) || result == Boolean.class) {
                continue;
            }
            walk(call(value, name), path + "." + Character.toLowerCase(name.charAt(3)) + name.substring(4),
                    found, seen);
        }
    }

    private static Object call(Object target, String getter) {
        try {
            return target.getClass().getMethod(getter).invoke(target);
        } catch (NoSuchMethodException e) {
            return null;
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Cannot read " + getter + " of " + target.getClass(), e);
        }
    }
}
