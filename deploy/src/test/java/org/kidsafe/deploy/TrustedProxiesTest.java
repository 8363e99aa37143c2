package org.kidsafe.deploy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway believes {@code X-Forwarded-For} from the ingress controller's range only (issue 17 item 2):
 * {@code gateway.trustedProxies} becomes its trusted-proxy settings, and the schema refuses values that would trust
 * every peer or make the gateway resolve host names.
 */
class TrustedProxiesTest {

    private static final Path GATEWAY_PROPERTIES = Chart.MODULE_DIR.resolve("../gateway/src/main/resources/application.properties");

    private static Map<String, String> gatewayEnv(Manifests manifests) {
        Deployment gateway = manifests.deployment("gateway");
        return manifests.configEnv(gateway);
    }

    @Test
    void byDefaultTheGatewayTrustsThePrivateRangeTheIngressControllerRunsIn() {
        Map<String, String> env = gatewayEnv(Scenario.DEFAULT.manifests());
        assertEquals("true", env.get("KIDSAFE_GATEWAY_FORWARDING"));
        assertEquals("10.0.0.0/8", env.get("KIDSAFE_GATEWAY_TRUSTED_PROXIES"));
    }

    @Test
    void severalRangesAreJoinedWithCommas() {
        Map<String, String> env = gatewayEnv(Chart.defaults()
                .set("gateway.trustedProxies[0]", "10.42.0.0/16").set("gateway.trustedProxies[1]", "fd00:10::/64").manifests());
        assertEquals("10.42.0.0/16,fd00:10::/64", env.get("KIDSAFE_GATEWAY_TRUSTED_PROXIES"));
        assertEquals("true", env.get("KIDSAFE_GATEWAY_FORWARDING"));
    }

    @Test
    void noTrustedProxyMeansEveryTcpPeerIsTheClient(@TempDir Path dir) throws IOException {
        Path none = Files.writeString(dir.resolve("no-proxy.yaml"), "gateway:\n  trustedProxies: []\n");
        Map<String, String> env = gatewayEnv(Chart.defaults().values(none).manifests());
        assertFalse(env.containsKey("KIDSAFE_GATEWAY_FORWARDING"), "forwarding stays off");
        assertFalse(env.containsKey("KIDSAFE_GATEWAY_TRUSTED_PROXIES"));
    }

    @ParameterizedTest(name = "gateway.trustedProxies={0}")
    @ValueSource(strings = {"0.0.0.0/0", "::/0", "10.0.0.0/33", "ingress-nginx-controller.ingress-nginx", "256.0.0.1"})
    void theSchemaRefusesWhatWouldTrustEveryPeerOrNeedDns(String value) {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> Chart.defaults().set("gateway.trustedProxies[0]", value).yaml());
        assertTrue(refused.getMessage().contains("trustedProxies"), refused.getMessage());
    }

    @Test
    void theGatewayReadsTheVariablesTheChartSets() throws IOException {
        String properties = Files.readString(GATEWAY_PROPERTIES);
        assertTrue(properties.contains("${KIDSAFE_GATEWAY_FORWARDING:"), "gateway application.properties reads KIDSAFE_GATEWAY_FORWARDING");
        assertTrue(properties.contains("${KIDSAFE_GATEWAY_TRUSTED_PROXIES:"), "gateway application.properties reads KIDSAFE_GATEWAY_TRUSTED_PROXIES");
    }
}
