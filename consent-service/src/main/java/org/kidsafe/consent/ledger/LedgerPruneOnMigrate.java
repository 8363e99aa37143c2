package org.kidsafe.consent.ledger;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import java.time.Clock;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Adds {@link LedgerPrune} to consent-service's Flyway, so every migration run (which runs as the owner role, issue 18
 * item 3) also prunes the ledger. The running service never migrates ({@code quarkus.flyway.migrate-at-start=false}).
 */
@Singleton
public class LedgerPruneOnMigrate implements FlywayConfigurationCustomizer {

    private final LedgerSettings settings;
    private final Clock clock;

    LedgerPruneOnMigrate(LedgerSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void customize(FluentConfiguration configuration) {
        configuration.callbacks(Stream.concat(Arrays.stream(configuration.getCallbacks()),
                Stream.of(new LedgerPrune(settings.keepFor(), clock))).toArray(Callback[]::new));
    }
}
