package org.kidsafe.embedded.keycloak;

import org.kidsafe.embedded.Directories;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Moves a local installation's Keycloak from the previous release's H2 file store ({@code --db=dev-file}, in the work
 * folder's {@code data/h2/}) to PostgreSQL, once (issue 21 item 4; principle 8: an installation upgrades with its data).
 * The realm is exported with its users and their credentials (parents and toy users keep their passwords and
 * secrets), then imported into the new store by the first start on PostgreSQL.
 *
 * <p>Each step leaves a state the next start recognises, so a crash anywhere only repeats a step:
 * <ol>
 *   <li>{@code <work>/data/h2} present, no export: {@code kc.sh export} with the old build options into
 *       {@code <work>-h2-export.tmp}, renamed to {@code <work>-h2-export} when complete. The export runs on a copy of the
 *       work folder ({@code <work>-h2-copy.tmp}, deleted after it), because it first migrates a store an older
 *       Keycloak wrote to this version's schema: the store itself stays as the previous release left it.</li>
 *   <li>{@code <work>/data/h2} present, export present: the whole work folder moves aside to {@code <work>-h2}
 *       (kept unchanged, so the previous release can still start on it for a rollback: move it back to
 *       {@code <work>}; delete it by hand once the migration is checked).</li>
 *   <li>Export present: {@link #realmToImport()} names its realm file, which the caller imports instead of the realm
 *       as code; Keycloak imports a realm only if its store does not have it yet, so repeating this is harmless.</li>
 *   <li>{@link #complete()} after that start deletes the export (it holds password hashes and client secrets; the
 *       folder aside still has everything).</li>
 * </ol>
 */
public final class KeycloakStoreMigration {

    private final Path home;
    private final Path workDir;
    private final String realm;

    /**
     * @param home    the Keycloak distribution
     * @param workDir the Keycloak work folder of the installation, e.g. {@code data/keycloak}
     * @param realm   the realm to carry over, e.g. {@link KidSafeRealm#NAME}
     */
    public KeycloakStoreMigration(Path home, Path workDir, String realm) {
        this.home = home;
        this.workDir = workDir.toAbsolutePath().normalize();
        this.realm = realm;
    }

    /** Whether the work folder still holds the previous release's H2 store. */
    public boolean pending() {
        return Files.isDirectory(workDir.resolve("data").resolve("h2"));
    }

    /** Steps 1 and 2: exports the H2 store if there is one, then moves its folder aside. Nothing to do otherwise. */
    public void exportFromH2() {
        if (!pending()) {
            return;
        }
        Path aside = sibling("-h2");
        if (Files.exists(aside)) {
            throw new IllegalStateException(aside + " already holds a Keycloak H2 store moved aside; move it elsewhere"
                    + " before migrating " + workDir + " again");
        }
        try {
            if (!Files.isDirectory(export())) {
                Path staging = sibling("-h2-export.tmp");
                Path copy = sibling("-h2-copy.tmp");
                Directories.deleteRecursively(staging);
                Directories.deleteRecursively(copy);
                Directories.copyRecursively(workDir, copy);
                try {
                    KeycloakServer.builder(home, copy).persistent().exportRealm(realm, staging);
                } finally {
                    Directories.deleteRecursively(copy);
                }
                Files.move(staging, export(), StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(workDir, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not move Keycloak's H2 store in " + workDir + " aside", e);
        }
    }

    /** Step 3: the exported realm (with its users) to import into the new store, while a migration is under way. */
    public Optional<Path> realmToImport() {
        Path file = export().resolve(realm + "-realm.json");
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** Step 4, once Keycloak on PostgreSQL served the imported realm: the export goes. */
    public void complete() {
        Directories.deleteRecursively(export());
    }

    /** The folder the H2 store was moved aside to. */
    public Path movedAside() {
        return sibling("-h2");
    }

    private Path export() {
        return sibling("-h2-export");
    }

    private Path sibling(String suffix) {
        return workDir.resolveSibling(workDir.getFileName() + suffix);
    }
}
