package org.kidsafe.deploy;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import org.junit.jupiter.api.Test;
import org.kidsafe.embedded.Nginx;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sign-up is limited in front of Keycloak (issue 19 item 1; Keycloak has no registration rate limit of its own): with
 * Keycloak's Ingress on, the chart renders an Ingress of its own for the realm's two registration paths (one regex path,
 * so that a trailing slash or {@code ;x=1} does not go around it), with ingress-nginx's per-client limit, and nothing
 * else on it, so sign-in is not limited.
 */
class KeycloakSignUpLimitTest {

    private static Optional<Ingress> signUpIngress(Manifests manifests) {
        return manifests.ofType(Ingress.class).stream().filter(i -> i.getMetadata().getName().endsWith("-sign-up")).findFirst();
    }

    @Test
    void theRealmsRegistrationPathsAloneAreLimitedPerClientAddress() {
        Ingress ingress = signUpIngress(Chart.production().set("keycloak.ingress.enabled", "true")
                .set("keycloak.ingress.className", "nginx").manifests()).orElseThrow();

        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        assertEquals("10", annotations.get("nginx.ingress.kubernetes.io/limit-rpm"));
        assertEquals("2", annotations.get("nginx.ingress.kubernetes.io/limit-burst-multiplier"));
        assertEquals("HTTPS", annotations.get("nginx.ingress.kubernetes.io/backend-protocol"), "Keycloak serves HTTPS (tlsSecret)");
        assertEquals("nginx", ingress.getSpec().getIngressClassName());
        IngressRule rule = ingress.getSpec().getRules().get(0);
        assertEquals("keycloak.example", rule.getHost());
        List<HTTPIngressPath> paths = rule.getHttp().getPaths();
        assertEquals(1, paths.size());
        HTTPIngressPath path = paths.get(0);
        assertEquals("true", annotations.get("nginx.ingress.kubernetes.io/use-regex"));
        assertEquals("ImplementationSpecific", path.getPathType());
        assertEquals(new Nginx.SignUpLimit("kidsafe", 10, 2).pathPattern(), path.getPath(), "the pattern the local nginx is tested with");
        assertTrue(path.getBackend().getService().getName().endsWith("-service"), "the operator's Keycloak Service");
        assertEquals(8443, path.getBackend().getService().getPort().getNumber());
    }

    /**
     * What Keycloak serves as a registration path, a trailing slash and matrix parameters included, is limited; an Exact
     * path let those through. Matched as ingress-nginx does a regex path: {@code ~* "^<path>"} on the decoded URI.
     */
    @Test
    void aTrailingSlashOrParametersDoNotGoAroundTheLimitAndSignInIsNotLimited() {
        Ingress ingress = signUpIngress(Chart.production().set("keycloak.ingress.enabled", "true").manifests()).orElseThrow();
        Pattern location = Pattern.compile("^" + ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getPath(),
                Pattern.CASE_INSENSITIVE);
        for (String limited : List.of("login-actions/registration", "login-actions/registration/", "login-actions/registration;x=1",
                "login-actions/registration/x", "protocol/openid-connect/registrations", "protocol/openid-connect/registrations/",
                "protocol/openid-connect/registrations;x=1")) {
            assertTrue(location.matcher("/realms/kidsafe/" + limited).find(), limited);
        }
        for (String free : List.of("protocol/openid-connect/auth", "protocol/openid-connect/token", "login-actions/authenticate",
                "login-actions/registrationx")) {
            assertFalse(location.matcher("/realms/kidsafe/" + free).find(), free);
        }
        assertFalse(location.matcher("/realms/other/login-actions/registration").find(), "the KidSafe realm only");
    }

    @Test
    void theRateIsAValueAndOnlyKeycloaksOwnIngressBringsTheLimit() {
        Ingress faster = signUpIngress(Chart.production().set("keycloak.ingress.enabled", "true")
                .set("keycloak.ingress.signUpLimit.requestsPerMinute", "30").manifests()).orElseThrow();
        assertEquals("30", faster.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/limit-rpm"));

        assertTrue(signUpIngress(Chart.production().manifests()).isEmpty(), "no Keycloak Ingress, no sign-up Ingress");
        assertTrue(signUpIngress(Chart.production().set("keycloak.ingress.enabled", "true")
                .set("keycloak.ingress.signUpLimit.enabled", "false").manifests()).isEmpty());
    }

    @Test
    void theSchemaRefusesNoLimitAtAll() {
        assertThrows(IllegalStateException.class,
                () -> Chart.defaults().set("keycloak.ingress.signUpLimit.requestsPerMinute", "0").yaml());
    }
}
