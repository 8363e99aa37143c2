package org.kidsafe.crypto.kek;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A KEK ring on disk (issue 18 item 1): one {@code <id>.kek} file per KEK version (base64 of 32 bytes, owner-only) and
 * a file {@code current} naming the version that wraps. Every version in the ring unwraps; only the current one wraps.
 * <p>
 * The lifecycle of a version: {@link #add added} (readable by every reader of the ring, not yet used), {@link #promote
 * promoted} (it wraps from now on; the previous one stays readable), and, once the re-wrap job has moved every data key
 * off the old one, {@link #retire retired}: its file is deleted, so a backup taken while it wrapped keys can no longer
 * be opened with anything the deployment keeps. Each step replaces one file atomically, so a service reading the ring
 * ({@link KeyEncryptionKeys}) sees the ring before or after a step, never half of it. Several instances on one ring
 * stay consistent by construction: a version is readable before any instance wraps with it.
 * <p>
 * Ids are {@code kek-<n>}, counting up; a retired id is never used again (the next id counts from the highest ever
 * promoted, which {@code current} names).
 */
public final class KekDirectory {

    /** The file naming the current version. */
    public static final String CURRENT = "current";
    /** The suffix of a version's file. */
    public static final String SUFFIX = ".kek";

    private static final Pattern NUMBERED = Pattern.compile("kek-(\\d+)");
    /** Ids a Kubernetes secret key and a file name both accept, as the chart mounts them. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,98}");

    private KekDirectory() {
    }

    /** The ring as it is now: the current id and every version's key. */
    public record Ring(String currentId, Map<String, SecretKey> keys) {

        public Ring {
            keys = Collections.unmodifiableMap(new TreeMap<>(keys));
        }
    }

    /**
     * Reads the ring.
     *
     * @throws IllegalStateException when {@code current} is missing or names a version without a file
     */
    public static Ring read(Path directory) {
        String current = currentId(directory);
        Map<String, SecretKey> keys = new TreeMap<>();
        for (String id : ids(directory)) {
            try {
                keys.put(id, KeyEncryptionKeys.read(file(directory, id)));
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof NoSuchFileException)) {
                    throw e;
                }
                // Retired between the listing and the read: it is no longer part of the ring.
            }
        }
        if (!keys.containsKey(current)) {
            throw new IllegalStateException("The KEK ring " + directory + " names " + current + " as current, but has no " + current + SUFFIX);
        }
        return new Ring(current, keys);
    }

    /** The id of the version that wraps now. */
    public static String currentId(Path directory) {
        try {
            return Files.readString(directory.resolve(CURRENT), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the current KEK id of " + directory, e);
        }
    }

    /** The ids of every version in the ring, current and not. */
    public static Set<String> ids(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            Set<String> ids = new TreeSet<>();
            files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(SUFFIX))
                    .map(name -> name.substring(0, name.length() - SUFFIX.length()))
                    .filter(id -> ID.matcher(id).matches())
                    .forEach(ids::add);
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the KEK ring " + directory, e);
        }
    }

    /** Makes a ring with one fresh current KEK, {@code kek-1}, unless the directory holds one already. */
    public static void initialise(Path directory) {
        if (Files.exists(directory.resolve(CURRENT))) {
            return;
        }
        byte[] key = AesGcm.randomBytes(AesGcm.KEY_BYTES);
        adopt(directory, "kek-1", Base64.getEncoder().encodeToString(key));
    }

    /**
     * Makes a ring whose current version is an existing KEK (base64) under its existing id: what the launcher does
     * with a data folder of the release before KEK rings, so the data keys it wrapped stay readable.
     */
    public static void adopt(Path directory, String id, String base64Key) {
        requireValidId(id);
        KeyEncryptionKeys.decode(base64Key, "the KEK adopted as " + id);
        try {
            Files.createDirectories(directory);
            write(directory, id + SUFFIX, base64Key.trim());
            write(directory, CURRENT, id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds a fresh KEK version, readable by every reader of the ring from their next read, but not yet wrapping: the
     * first step of a rotation when instances read their own copies of the ring (Kubernetes pods): it must reach every
     * one before any wraps with it.
     *
     * @return the new version's id
     */
    public static String add(Path directory) {
        String id = nextId(directory);
        try {
            write(directory, id + SUFFIX, Base64.getEncoder().encodeToString(AesGcm.randomBytes(AesGcm.KEY_BYTES)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return id;
    }

    /** Makes a version in the ring the one that wraps; the previous one stays readable until it is retired. */
    public static void promote(Path directory, String id) {
        if (!Files.isRegularFile(file(directory, id))) {
            throw new IllegalArgumentException("The KEK ring " + directory + " has no version " + id);
        }
        try {
            write(directory, CURRENT, id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #add} then {@link #promote}, for instances that all read this one directory (the local platform). */
    public static String rotate(Path directory) {
        String id = add(directory);
        promote(directory, id);
        return id;
    }

    /** When the current version was promoted (the time of the {@code current} file). */
    public static Instant promotedAt(Path directory) {
        try {
            return Files.getLastModifiedTime(directory.resolve(CURRENT)).toInstant();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The versions that may be retired now: not current, wrapping no live data key ({@code inUse}: the KEK ids of the
     * live keys, {@code DataKeys.kekIdsInUse} or {@code KekUsage.inUse}), and the current one promoted at least
     * {@code settle} before {@code now}, so no instance still wraps with the previous one (it reads the ring again every
     * {@code kidsafe.kek.reload-every}).
     */
    public static Set<String> retirable(Path directory, Set<String> inUse, Duration settle, Instant now) {
        Set<String> retirable = new TreeSet<>();
        if (promotedAt(directory).plus(settle).isAfter(now)) {
            return retirable;
        }
        String current = currentId(directory);
        for (String id : ids(directory)) {
            if (!id.equals(current) && !inUse.contains(id)) {
                retirable.add(id);
            }
        }
        return retirable;
    }

    /**
     * Retires a version: deletes its file, after checking it is {@link #retirable}. From then on nothing the deployment
     * keeps opens a data key it wrapped, in the live database or in any backup (copies of the KEK outside the ring, such
     * as the operator's backup, must be destroyed too: deploy/README.md, "Rotating a KEK").
     *
     * @throws IllegalStateException when the version is current, still wraps a live key, or the promotion has not settled
     */
    public static void retire(Path directory, String id, Set<String> inUse, Duration settle, Instant now) {
        requireValidId(id);
        if (id.equals(currentId(directory))) {
            throw new IllegalStateException(id + " is the current KEK; rotate first");
        }
        if (inUse.contains(id)) {
            throw new IllegalStateException(id + " still wraps live data keys; wait for the re-wrap job (kidsafe.jobs.kek-rewrap.every)");
        }
        if (!retirable(directory, inUse, settle, now).contains(id)) {
            throw new IllegalStateException("The current KEK was promoted less than " + settle + " ago; instances may still wrap with " + id);
        }
        try {
            Files.deleteIfExists(file(directory, id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String nextId(Path directory) {
        int highest = 0;
        Set<String> ids = new TreeSet<>(ids(directory));
        if (Files.exists(directory.resolve(CURRENT))) {
            ids.add(currentId(directory));
        }
        for (String id : ids) {
            Matcher numbered = NUMBERED.matcher(id);
            if (numbered.matches()) {
                highest = Math.max(highest, Integer.parseInt(numbered.group(1)));
            }
        }
        return "kek-" + (highest + 1);
    }

    private static Path file(Path directory, String id) {
        return directory.resolve(id + SUFFIX);
    }

    private static void requireValidId(String id) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Not a KEK id: " + id);
        }
    }

    /** Writes an owner-only file beside its destination, then renames it into place in one step. */
    private static void write(Path directory, String name, String content) throws IOException {
        Files.createDirectories(directory);
        Path staging = Files.createTempFile(directory, "." + name, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(staging, content, StandardCharsets.US_ASCII);
        Files.move(staging, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
