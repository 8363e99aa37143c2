package org.kidsafe.launcher;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code ./kidsafe up --replicas=N} (issue 21 item 2): the argument, and what each instance is given: its own name, log,
 * public and management ports, and, for the gateways, every instance of each service. No platform is started.
 */
class ReplicasTest {

    @Test
    void oneInstanceUnlessAskedAndNothingElseAccepted() {
        assertEquals(1, Launcher.replicas(new String[0]));
        assertEquals(2, Launcher.replicas(new String[] {"--replicas=2"}));
        for (String wrong : List.of("--replicas=0", "--replicas=5", "--replicas=two", "--replica=2", "2")) {
            assertThrows(IllegalArgumentException.class, () -> Launcher.replicas(new String[] {wrong}), wrong);
        }
    }

    @Test
    void eachInstanceHasItsOwnNameAndPortsOnTheStandardPorts() {
        List<Platform.InstanceLayout> consent = Platform.layout(Platform.CONSENT, Ports.standard(), 2);
        assertEquals(List.of(
                new Platform.InstanceLayout("consent-service", new Ports.Instance(8081, 9081)),
                new Platform.InstanceLayout("consent-service-2", new Ports.Instance(8091, 9091))), consent);
        // One instance: exactly the documented ports of before.
        assertEquals(List.of(new Platform.InstanceLayout("gateway", new Ports.Instance(8080, 9080))),
                Platform.layout(Platform.GATEWAY, Ports.standard(), 1));
    }

    @Test
    void noTwoInstancesShareAPortWhateverThePorts() {
        for (Ports ports : List.of(Ports.standard(), Ports.free())) {
            List<Integer> taken = new ArrayList<>(List.of(ports.postgres(), ports.keycloakPostgres(), ports.kafka(),
                    ports.kafkaController(), ports.smtp(), ports.mailbox(), ports.keycloak()));
            for (String service : Platform.SERVICES) {
                Platform.layout(service, ports, Ports.MAX_REPLICAS).forEach(instance -> {
                    taken.add(instance.ports().port());
                    taken.add(instance.ports().managementPort());
                });
            }
            assertEquals(taken.size(), new HashSet<>(taken).size(), () -> "a port given twice: " + taken);
        }
    }

    @Test
    void theGatewaysListEveryInstanceOfEachService() {
        Map<String, List<String>> baseUrls = new LinkedHashMap<>();
        for (String service : List.of(Platform.CONSENT, Platform.PROFILE, Platform.MEDIA)) {
            baseUrls.put(service, Platform.layout(service, Ports.standard(), 2).stream()
                    .map(instance -> ServiceProcess.baseUrl(instance.ports().port())).toList());
        }
        Map<String, String> upstreams = Platform.gatewayUpstreams(baseUrls);
        assertEquals(Map.of(
                "kidsafe.gateway.services.consent-service.urls", "http://127.0.0.1:8081,http://127.0.0.1:8091",
                "kidsafe.gateway.services.profile-service.urls", "http://127.0.0.1:8082,http://127.0.0.1:8092",
                "kidsafe.gateway.services.media-service.urls", "http://127.0.0.1:8083,http://127.0.0.1:8093"), upstreams);
    }
}
