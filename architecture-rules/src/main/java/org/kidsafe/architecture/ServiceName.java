package org.kidsafe.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.Source;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * One source for a service's name: {@code quarkus.application.name}. No class holds it as a string
 * literal (inject {@code @ConfigProperty(name = "quarkus.application.name")} instead), and no Kafka
 * setting spells it out (write {@code ${quarkus.application.name}}). The name and the settings are read
 * from the {@code application.properties} beside the checked classes, unless given.
 */
final class ServiceName extends ArchCondition<JavaClass> {

    static final String KEY = "quarkus.application.name";
    private static final String PROPERTIES = "application.properties";

    private final Properties given;
    private final Set<String> exempt;
    private Properties config;
    private String name;

    private ServiceName(Properties given, Set<String> exempt) {
        super("not hard-code the service's name (" + KEY + ") as a string");
        this.given = given;
        this.exempt = exempt;
    }

    /** Reads the name and the settings from the application.properties of the classes under test. */
    static ServiceName fromApplicationProperties(Set<String> exempt) {
        return new ServiceName(null, exempt);
    }

    /** For checking classes against a given configuration (the fixtures). */
    static ServiceName from(Properties config, Set<String> exempt) {
        return new ServiceName(config, exempt);
    }

    @Override
    public void init(Collection<JavaClass> classes) {
        config = given != null ? given
                : classes.stream().map(ServiceName::applicationProperties).flatMap(Optional::stream).findFirst().orElse(null);
        name = config == null ? null : config.getProperty(KEY);
    }

    @Override
    public void check(JavaClass type, ConditionEvents events) {
        if (name == null || name.isBlank() || Roles.isNamedIn(type, exempt)) {
            return;
        }
        Optional<Source> source = type.getSource();
        if (source.isEmpty()) {
            return;
        }
        if (StringConstants.of(source.get().getUri()).contains(name)) {
            events.add(SimpleConditionEvent.violated(type, type.getName() + " holds the service's name \"" + name
                    + "\" as a string literal; inject @ConfigProperty(name = \"" + KEY + "\") instead"));
        }
    }

    @Override
    public void finish(ConditionEvents events) {
        if (config == null) {
            events.add(SimpleConditionEvent.violated(PROPERTIES, "no " + PROPERTIES + " found beside the classes under test"));
            return;
        }
        if (name == null || name.isBlank()) {
            events.add(SimpleConditionEvent.violated(PROPERTIES, PROPERTIES + " does not set " + KEY));
            return;
        }
        config.stringPropertyNames().stream().sorted()
                .filter(key -> isMessaging(key) && config.getProperty(key).contains(name))
                .forEach(key -> events.add(SimpleConditionEvent.violated(key, PROPERTIES + ": " + key + "=" + config.getProperty(key)
                        + " spells out the service's name; write ${" + KEY + "}")));
    }

    private static boolean isMessaging(String key) {
        String unprofiled = key.startsWith("%") && key.indexOf('.') > 0 ? key.substring(key.indexOf('.') + 1) : key;
        return unprofiled.startsWith("mp.messaging.") || unprofiled.startsWith("kafka.");
    }

    /** {@code <classes root>/application.properties}, for a class read from a directory of class files. */
    private static Optional<Properties> applicationProperties(JavaClass type) {
        Optional<Source> source = type.getSource();
        if (source.isEmpty() || !"file".equals(source.get().getUri().getScheme())) {
            return Optional.empty();
        }
        URI uri = source.get().getUri();
        Path root = Path.of(uri).getParent();
        for (int depth = type.getPackageName().isEmpty() ? 0 : type.getPackageName().split("\\.").length; depth > 0; depth--) {
            root = root.getParent();
        }
        Path file = root.resolve(PROPERTIES);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file, e);
        }
        return Optional.of(properties);
    }
}
