package org.kidsafe.deploy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Kubernetes API's own schemas (issue 21 item 7), one Kubernetes release each: the models of client-java-api, which
 * its build generates from that release's OpenAPI spec, with a {@code validateJson*} method per model that refuses a
 * field the API does not define, a missing required field and a value of the wrong JSON type, recursively. Each release's
 * jar (copied by the deploy module's pom) gets its own class loader. A manifest is validated as Helm rendered it, not as
 * fabric8 read it.
 */
final class KubernetesSchemas {

    private static final String MODELS = "io.kubernetes.client.openapi.models.";

    /** Kubernetes release ("1.28") -> class loader of its models. */
    static final Map<String, ClassLoader> RELEASES = load();

    private KubernetesSchemas() {
    }

    private static Map<String, ClassLoader> load() {
        Path dir = Path.of(System.getProperty("kidsafe.kubernetes-api.dir", "target/kubernetes-api"));
        Map<String, ClassLoader> releases = new LinkedHashMap<>();
        for (String release : System.getProperty("kidsafe.kubernetes-api.releases", "").split(",")) {
            String[] parts = release.split("=");
            Path jar = dir.resolve(parts[1]);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("No " + jar + ": run the tests through Maven (its dependency plugin copies the jar)");
            }
            try {
                releases.put(parts[0], new URLClassLoader(new URL[] {jar.toUri().toURL()}, KubernetesSchemas.class.getClassLoader()));
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }
        return releases;
    }

    /** True for the API groups Kubernetes itself serves (core, apps, batch, policy, autoscaling, networking.k8s.io, ...). */
    static boolean isBuiltIn(String apiVersion) {
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        return !group.contains(".") || group.endsWith(".k8s.io");
    }

    /**
     * The first problem the release's schema finds in one rendered document, or empty when it is valid.
     *
     * @throws IllegalStateException when the release has no schema for the document's kind (an API it does not serve)
     */
    static Optional<String> problem(String release, Map<String, Object> document) {
        String apiVersion = String.valueOf(document.get("apiVersion"));
        String kind = String.valueOf(document.get("kind"));
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        String model = MODELS + version.substring(0, 1).toUpperCase(Locale.ROOT) + version.substring(1) + kind;
        Method validate;
        try {
            Class<?> type = Class.forName(model, true, RELEASES.get(release));
            validate = validator(type);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Kubernetes " + release + " has no " + apiVersion + " " + kind);
        }
        JsonObject json = JsonParser.parseString(Manifests.SERIALIZATION.asJson(document)).getAsJsonObject();
        try {
            validate.invoke(null, json);
            return Optional.empty();
        } catch (InvocationTargetException e) {
            return Optional.of(String.valueOf(e.getCause().getMessage()));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** validateJsonElement (client-java 21 and later) or validateJsonObject (20). */
    private static Method validator(Class<?> type) {
        for (Method method : type.getMethods()) {
            if (method.getName().equals("validateJsonElement") && method.getParameterTypes()[0] == JsonElement.class
                    || method.getName().equals("validateJsonObject") && method.getParameterTypes()[0] == JsonObject.class) {
                return method;
            }
        }
        throw new IllegalStateException(type + " has no validator");
    }
}
