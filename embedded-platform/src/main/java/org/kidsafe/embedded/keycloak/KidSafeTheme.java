package org.kidsafe.embedded.keycloak;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * KidSafe's Keycloak login theme (issue 19 item 1: the sign-up page is KidSafe's, says who signs up and that no child
 * data is asked), the realm's {@code loginTheme}. Its one copy is {@value #RESOURCE_ROOT} on the classpath (in
 * {@code embedded-platform/src/main/resources/keycloak/themes/kidsafe/}): {@link KeycloakServer} writes it into each
 * server's {@code themes/} at every start, and the chart's Keycloak gets the same folder in its image
 * ({@code deploy/docker/Dockerfile.keycloak}, deploy/README.md). Every key the theme adds is in English and Spanish
 * ({@code messages_en}, {@code messages_es}; issue 19 item 10); Keycloak's own keys come with Keycloak's translations.
 */
public final class KidSafeTheme {

    public static final String NAME = "kidsafe";
    /** Classpath folder of the theme, laid out as Keycloak's {@code themes/kidsafe/}. */
    public static final String RESOURCE_ROOT = "/keycloak/themes/" + NAME + "/";
    /** Every file of the theme, relative to {@link #RESOURCE_ROOT}: a class path cannot be listed inside a jar. */
    static final List<String> FILES = List.of(
            "login/theme.properties",
            "login/register.ftl",
            "login/messages/messages_en.properties",
            "login/messages/messages_es.properties",
            "login/resources/css/kidsafe.css");
    /** The id of the sign-up page's notice (register.ftl), which the browser test looks for. */
    public static final String SIGN_UP_NOTICE_ID = "kidsafe-signup-notice";

    private KidSafeTheme() {
    }

    /** Writes the theme into a Keycloak {@code themes/} folder as {@code kidsafe/}, replacing what was there. */
    public static void writeTo(Path themes) {
        for (String file : FILES) {
            Path target = themes.resolve(NAME).resolve(file);
            try (InputStream in = KidSafeTheme.class.getResourceAsStream(RESOURCE_ROOT + file)) {
                if (in == null) {
                    throw new IllegalStateException("Theme file " + RESOURCE_ROOT + file + " is not on the classpath");
                }
                Files.createDirectories(target.getParent());
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + target, e);
            }
        }
    }
}
