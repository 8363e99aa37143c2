package org.kidsafe.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./kidsafe rotate <service> --signing-key}: the one command that rotates a service's credentials after a
 * suspected breach or on schedule (issue 16 item 5), run against the local data folder while the platform is up or
 * down. Each credential is one option backed by one {@link Rotation}; the signing key is the first: the new key is
 * made, the old public half kept among the retired keys, and the running service reads the new files within
 * {@code kidsafe.signing.reload-every} (5 s), so nothing stops and every receipt or report signed before still
 * verifies. The database password, Kafka credential and Keycloak credential plug in here as further options.
 */
public final class Rotate {

    /** One rotatable credential: rotates it for the service in the data folder's keys, and says what it did. */
    @FunctionalInterface
    interface Rotation {
        String rotate(Keys keys, String service);
    }

    private static final Map<String, Rotation> ROTATIONS = rotations();
    private static final List<String> SIGNING_SERVICES = List.of(Platform.CONSENT, Platform.PROFILE, Platform.MEDIA);

    private Rotate() {
    }

    public static void main(String[] args) {
        if (args.length < 2 || !Platform.SERVICES.contains(args[0])) {
            usage("name a service: " + String.join(", ", Platform.SERVICES));
        }
        String service = args[0];
        List<Rotation> chosen = new ArrayList<>();
        for (String option : List.of(args).subList(1, args.length)) {
            Rotation rotation = ROTATIONS.get(option);
            if (rotation == null) {
                usage("unknown option " + option);
            }
            chosen.add(rotation);
        }
        Path keys = Launcher.dataDirectory().resolve("keys");
        if (!Files.isDirectory(keys)) {
            usage("no data folder at " + keys.getParent() + " (run ./kidsafe up once, or set KIDSAFE_HOME)");
        }
        chosen.forEach(rotation -> System.out.println(rotation.rotate(new Keys(keys), service)));
    }

    private static Map<String, Rotation> rotations() {
        Map<String, Rotation> rotations = new LinkedHashMap<>();
        rotations.put("--signing-key", (keys, service) -> {
            if (!SIGNING_SERVICES.contains(service)) {
                usage(service + " signs nothing; services with a signing key: " + String.join(", ", SIGNING_SERVICES));
            }
            String keyId = keys.rotateSigningKey(service);
            return service + ": new signing key " + keyId + "; the old one is retired (its public key still verifies and is"
                    + " published). A running " + service + " signs with the new key within 5 seconds, no restart needed.";
        });
        return rotations;
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: ./kidsafe rotate <service> " + String.join(" | ", ROTATIONS.keySet()));
        System.exit(2);
    }
}
