package org.kidsafe.events.kafka;

import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.scram.ScramExtensionsCallback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The Kafka login reads the password file at each authentication (issue 16 item 5): a replaced file is what the next
 * (re-)authentication presents, so a rotated password reaches a running client. The JAAS line is parsed by Kafka itself.
 */
class PasswordFileScramLoginTest {

    @Test
    void eachAuthenticationPresentsThePasswordTheFileHoldsThen(@TempDir Path keys) throws Exception {
        Path file = Files.writeString(keys.resolve("kafka-profile-service.secret"), "first\n");
        PasswordFileScramLogin login = configured("org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"profile-service\" passwordFile=\"" + file + "\";");

        assertEquals("profile-service", name(login));
        assertArrayEquals("first".toCharArray(), password(login));
        Files.writeString(file, "second");
        assertArrayEquals("second".toCharArray(), password(login), "the rotated password, without a new client");
    }

    @Test
    void aLoginWithoutAPasswordFileIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> configured(
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"profile-service\" password=\"inline\";"));
    }

    private static PasswordFileScramLogin configured(String jaasLine) {
        JaasContext context = JaasContext.loadClientContext(Map.of("sasl.jaas.config", new Password(jaasLine)));
        PasswordFileScramLogin login = new PasswordFileScramLogin();
        login.configure(Map.of(), "SCRAM-SHA-512", context.configurationEntries());
        return login;
    }

    private static String name(PasswordFileScramLogin login) throws Exception {
        NameCallback name = new NameCallback("user");
        login.handle(new Callback[] {name, new ScramExtensionsCallback()});
        return name.getName();
    }

    private static char[] password(PasswordFileScramLogin login) throws Exception {
        PasswordCallback password = new PasswordCallback("password", false);
        login.handle(new Callback[] {password});
        return password.getPassword();
    }
}
