package org.kidsafe.crypto.kek;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The key-encryption key (KEK) that wraps every per-child data key. It never lives in the database,
 * so a database dump alone decrypts nothing: production mounts it as a file (or passes it in the
 * environment); retired KEKs stay readable by key id so keys wrapped before a rotation still unwrap.
 * <p>
 * A KEK ring ({@link #directory()}, issue 18 item 1) holds every version in one place and names the current one, and
 * is read again every {@link #reloadEvery()}: a rotation ({@link KekDirectory#rotate}) or a retirement
 * ({@link KekDirectory#retire}) takes effect without a restart.
 */
@ConfigMapping(prefix = "kidsafe.kek")
public interface KekSettings {

    /** File holding the current KEK as base64 of 32 bytes; without it (or a value) dev/test runs use a throw-away key. */
    Optional<Path> file();

    /** The current KEK as base64 of 32 bytes, for deployments that inject it as an environment variable (KIDSAFE_KEK_VALUE). */
    Optional<String> value();

    /** Id of the current KEK, recorded beside every key it wraps. */
    @WithDefault("kek-1")
    String keyId();

    /** Former KEKs by key id (kidsafe.kek.retired."kek-0"=/path/to/file), kept only to unwrap keys not yet re-wrapped. */
    Map<String, Path> retired();

    /**
     * How long a KEK stays current before the next rotation (issue 18 item 1). A key destroyed at T1 still sits, wrapped,
     * in backups and WAL archives taken before T1; they become unreadable at T2, when the KEK that wrapped it there is
     * retired and destroyed, at the latest one rotation period after T1 (the erasure report states T2 as T1 plus this
     * period; docs/retention-policy.md, "Time to unreadable").
     */
    @WithDefault("P30D")
    Duration rotationPeriod();

    /**
     * A KEK ring: a directory with one {@code <id>.kek} file per KEK version (base64 of 32 bytes) and a file
     * {@code current} naming the version that wraps ({@link KekDirectory}). When set it replaces {@link #file()},
     * {@link #value()} and {@link #keyId()}; {@link #retired()} still adds KEKs kept elsewhere.
     */
    Optional<Path> directory();

    /** How often, at most, the KEK ring is read again for a rotation or retirement (and at once for an unknown id). */
    @WithDefault("PT5S")
    Duration reloadEvery();

    /** Data keys re-wrapped per transaction by the re-wrap job ({@code KekRewrapJob}); each batch commits on its own. */
    @WithDefault("100")
    int rewrapBatchSize();
}
