package org.kidsafe.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code ./kidsafe rotate <service> --db-password|--kafka|--keycloak|--signing-key|--kek|--all|--retire-keks}: the one command that rotates
 * a service's credentials after a suspected breach or on schedule (issue 16 item 5), run against the local data folder
 * while the platform is up (the running service keeps answering and takes the new credential up by itself) or down
 * (the next start sets it). {@code --all} rotates every credential the service holds ({@link Credential}). What a stolen
 * copy is still good for afterwards: docs/attacks.md, "Rotation after a breach". {@code --retire-keks} is the second step
 * of a KEK rotation (issue 18 item 1): it destroys the service's older KEKs that no data key uses any more.
 */
public final class Rotate {

    private static final String RETIRE_KEKS = "--retire-keks";

    private Rotate() {
    }

    public static void main(String[] args) {
        if (args.length < 2 || !Platform.SERVICES.contains(args[0])) {
            usage("name a service: " + String.join(", ", Platform.SERVICES));
        }
        String service = args[0];
        Set<Credential> chosen = new LinkedHashSet<>();
        boolean retireKeks = false;
        for (String option : List.of(args).subList(1, args.length)) {
            if (option.equals(RETIRE_KEKS)) {
                if (!Credential.KEK.heldBy(service)) {
                    usage(service + " holds no KEK");
                }
                retireKeks = true;
                continue;
            }
            if (option.equals("--all")) {
                chosen.addAll(Credential.heldByService(service));
                continue;
            }
            Credential credential = Credential.ofOption(option).orElse(null);
            if (credential == null) {
                usage("unknown option " + option);
            } else if (!credential.heldBy(service)) {
                usage(service + " holds no such credential; it holds: " + options(Credential.heldByService(service)));
            }
            chosen.add(credential);
        }
        Path keys = Launcher.dataDirectory().resolve("keys");
        if (!Files.isDirectory(keys)) {
            usage("no data folder at " + keys.getParent() + " (run ./kidsafe up once, or set KIDSAFE_HOME)");
        }
        CredentialRotation rotation = new CredentialRotation(new Keys(keys), Ports.standard());
        chosen.forEach(credential -> System.out.println(rotation.rotate(credential, service)));
        if (retireKeks) {
            System.out.println(service + ": " + rotation.retireKeys(service));
        }
    }

    private static String options(List<Credential> credentials) {
        return credentials.stream().map(Credential::option).collect(Collectors.joining(" "));
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: ./kidsafe rotate <service> " + options(List.of(Credential.values())) + " | --all | " + RETIRE_KEKS);
        System.exit(2);
    }
}
