package org.kidsafe.events.kafka;

import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.scram.ScramExtensionsCallback;
import org.kidsafe.commons.secrets.SecretFiles;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A service's SASL/SCRAM login whose password is read from a file at every authentication and re-authentication
 * (issue 16 item 5), so {@code ./kidsafe rotate <service> --kafka} (or a rotated Strimzi KafkaUser Secret mounted as a
 * volume) takes effect in the running service without a restart. Kafka's own login module caches the password given in
 * {@code sasl.jaas.config} for the client's lifetime; this handler replaces that client callback
 * ({@code sasl.client.callback.handler.class}) and takes two options of the JAAS line instead:
 * {@code ScramLoginModule required username="<principal>" passwordFile="<path>";}.
 * The broker makes every session authenticate again within {@code connections.max.reauth.ms} (KIP-368), which is when
 * an open connection, a thief's too, must prove the current password.
 */
public final class PasswordFileScramLogin implements AuthenticateCallbackHandler {

    /** The JAAS option naming the principal. */
    public static final String USERNAME = "username";
    /** The JAAS option naming the file that holds the password. */
    public static final String PASSWORD_FILE = "passwordFile";

    private String username;
    private Path passwordFile;

    @Override
    public void configure(Map<String, ?> configs, String saslMechanism, List<AppConfigurationEntry> jaasConfigEntries) {
        if (jaasConfigEntries.size() != 1) {
            throw new IllegalArgumentException("One JAAS login expected, got " + jaasConfigEntries.size());
        }
        Map<String, ?> options = jaasConfigEntries.get(0).getOptions();
        Object user = options.get(USERNAME);
        Object file = options.get(PASSWORD_FILE);
        if (!(user instanceof String name) || !(file instanceof String path)) {
            throw new IllegalArgumentException("sasl.jaas.config needs " + USERNAME + "=\"...\" and " + PASSWORD_FILE + "=\"...\"");
        }
        this.username = name;
        this.passwordFile = Path.of(path);
    }

    @Override
    public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof NameCallback name) {
                name.setName(username);
            } else if (callback instanceof PasswordCallback password) {
                password.setPassword(SecretFiles.read(passwordFile).toCharArray());
            } else if (!(callback instanceof ScramExtensionsCallback)) {
                throw new UnsupportedCallbackException(callback, "Not a SCRAM client callback");
            }
        }
    }

    @Override
    public void close() {
        // Nothing held: the file is read at each authentication.
    }
}
