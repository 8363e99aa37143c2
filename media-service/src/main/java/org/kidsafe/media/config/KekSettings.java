package org.kidsafe.media.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The key-encryption key (KEK) that wraps every child's data key. It never lives in the database:
 * production mounts it as a file (or passes it in the environment); retired KEKs stay readable by
 * key id so keys wrapped before a rotation can still be unwrapped.
 */
@ConfigMapping(prefix = "kidsafe.kek")
public interface KekSettings {

    /** File holding the current KEK as base64 of 32 bytes. */
    Optional<Path> file();

    /** The current KEK as base64 of 32 bytes, for deployments that inject it as an environment variable (KIDSAFE_KEK_VALUE). */
    Optional<String> value();

    /** Id recorded beside every key wrapped with the current KEK. */
    @WithDefault("kek-1")
    String keyId();

    /** Earlier KEKs by key id (kidsafe.kek.retired."kek-0"=/path/to/file), used only for unwrapping. */
    Map<String, Path> retired();
}
