package org.kidsafe.embedded.keycloak;

import org.w3c.dom.Document;
import org.w3c.dom.Node;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A Keycloak release number as the build's security floor means it, and where the build names its Keycloak: the root
 * pom's {@code keycloak.version} (the release this module unpacks and the Helm chart's image pins) and
 * {@code keycloak.minimum-version} (the floor). This module's {@code KeycloakVersionFloorTest} and deploy's
 * {@code KeycloakImagePinTest} hold the distribution and the chart to that floor; they compare with this class so
 * that "at or above the floor" means one thing for both. It lives beside {@link KeycloakDistribution} because the
 * floor guards the distribution this module unpacks, and it needs nothing but the JDK, so a module that only checks
 * versions can use it without the servers' dependencies.
 * <p>
 * Only plain dotted numeric releases ({@code 26.7.3}) are accepted: a floor is a security statement, and a version
 * this class cannot order (a tag such as {@code latest}, a digest) must fail the check rather than pass it.
 */
public final class KeycloakRelease {

    private KeycloakRelease() {
    }

    /** Dotted numeric versions compared part by part (26.7.10 is newer than 26.7.3); anything else is refused. */
    public static boolean atLeast(String version, String minimum) {
        int[] v = parts(version);
        int[] m = parts(minimum);
        for (int i = 0; i < Math.max(v.length, m.length); i++) {
            int a = i < v.length ? v[i] : 0;
            int b = i < m.length ? m[i] : 0;
            if (a != b) {
                return a > b;
            }
        }
        return true;
    }

    /** The numbers of a plain release, {@code 26.7.3} -> {26, 7, 3}; anything else is an {@link IllegalArgumentException}. */
    public static int[] parts(String version) {
        if (version == null || !version.matches("\\d+(\\.\\d+)*")) {
            throw new IllegalArgumentException("Not a plain Keycloak release version: '" + version + "'");
        }
        return Arrays.stream(version.split("\\.")).mapToInt(Integer::parseInt).toArray();
    }

    /**
     * A property of a pom's own {@code <properties>} (not inherited, not interpolated), e.g. the root pom's
     * {@code keycloak.version}; read with DOCTYPEs refused, as any XML from a file.
     */
    public static String pomProperty(Path pom, String name) {
        try (InputStream in = Files.newInputStream(pom)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(in);
            for (Node section = document.getDocumentElement().getFirstChild(); section != null; section = section.getNextSibling()) {
                if (!"properties".equals(section.getNodeName())) {
                    continue;
                }
                for (Node child = section.getFirstChild(); child != null; child = child.getNextSibling()) {
                    if (name.equals(child.getNodeName())) {
                        return child.getTextContent().trim();
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read " + pom, e);
        }
        throw new IllegalStateException(pom + " has no property " + name);
    }
}
