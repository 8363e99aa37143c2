package org.kidsafe.embedded;

import java.nio.file.Path;
import java.util.Map;

/**
 * One Kafka principal's SCRAM-SHA-512 login, as a client presents it. {@link #clientConfig} is the same set of
 * settings the Helm chart gives a service ({@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM},
 * {@code KAFKA_SASL_JAAS_CONFIG}, {@code KAFKA_SSL_TRUSTSTORE_TYPE}, {@code KAFKA_SSL_TRUSTSTORE_LOCATION}), so what
 * runs locally authenticates the way production does (issue 16), over TLS with the broker verified (issue 17 item 4).
 *
 * @param user     the principal's name ({@code User:<user>} in ACLs)
 * @param password its secret, never logged
 */
public record KafkaCredentials(String user, String password) {

    /** SCRAM over TLS: the password exchange and every record are encrypted, and the broker is verified. */
    public static final String SECURITY_PROTOCOL = "SASL_SSL";
    /** Kafka reads a PEM CA certificate as a trust store (KIP-651), so clients take the local CA's file as it is. */
    public static final String TRUSTSTORE_TYPE = "PEM";
    public static final String MECHANISM = "SCRAM-SHA-512";

    public KafkaCredentials {
        if (user == null || !user.matches("[A-Za-z0-9._-]+") || password == null || password.isEmpty() || password.contains("\"")) {
            throw new IllegalArgumentException("A Kafka user is a plain name with a non-empty password without quotes");
        }
    }

    /** The JAAS line a client logs in with ({@code sasl.jaas.config}). */
    public String jaasConfig() {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\"" + password + "\";";
    }

    /**
     * Kafka client settings (without the bootstrap servers) that log in as this principal, trusting only the CA
     * certificate (PEM) in {@code caCertificate}; host names are verified (Kafka's default, {@code https}).
     */
    public Map<String, Object> clientConfig(Path caCertificate) {
        return Map.of("security.protocol", SECURITY_PROTOCOL, "sasl.mechanism", MECHANISM, "sasl.jaas.config", jaasConfig(),
                "ssl.truststore.type", TRUSTSTORE_TYPE, "ssl.truststore.location", caCertificate.toAbsolutePath().toString());
    }

    @Override
    public String toString() {
        return "KafkaCredentials[" + user + "]";
    }
}
