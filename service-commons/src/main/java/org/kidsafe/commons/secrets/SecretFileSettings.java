package org.kidsafe.commons.secrets;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where each rotatable credential's file is ({@link SecretFiles}): {@code kidsafe.secret-files.database},
 * {@code kidsafe.secret-files.keycloak-client}; none in service tests, which pass plain settings.
 */
@ConfigMapping(prefix = "kidsafe.secret-files")
public interface SecretFileSettings {

    @WithParentName
    Map<String, Path> files();
}
