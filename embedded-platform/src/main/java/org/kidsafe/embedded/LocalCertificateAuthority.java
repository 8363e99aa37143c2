package org.kidsafe.embedded;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

/**
 * The local installation's own certificate authority (issue 17 item 4): PostgreSQL and Kafka serve TLS with
 * certificates it issues, and every client trusts only its certificate ({@code sslmode=verify-full}, Kafka's PEM
 * trust store), so the services, the tests and {@code ./kidsafe up} run the verified TLS paths production runs.
 *
 * <p>Made on first use in its folder ({@code <data>/tls/}: {@code ca.pem}, the certificate clients trust, and
 * {@code ca.key}, readable by the owner only), then kept: a folder of an earlier release without one simply gets one at its
 * next start (principle 8). Server certificates ({@code <name>.crt}, {@code <name>.key}) name {@code localhost},
 * {@code 127.0.0.1} and {@code ::1}, are issued when missing, when signed by another CA or when they expire within
 * {@link #RENEW_WITHIN}, and are otherwise reused. Deleting the folder resets everything; the next start makes a new CA.
 *
 * <p>ECDSA P-256 throughout: key pairs and handshakes cost milliseconds, which matters since every test JVM makes a CA.
 * The certificates are written here with the JDK alone (DER by hand, signed by {@link Signature}): the JDK has no
 * public certificate builder, and neither BouncyCastle nor any other library that has one is a dependency of the
 * build; {@link CertificateFactory} parses each result, so a malformed one fails here, not in a server.
 */
public final class LocalCertificateAuthority {

    /** How long the CA is valid: long, as a local installation lives, and resetting means deleting the folder. */
    public static final Duration CA_LIFETIME = Duration.ofDays(10 * 365);
    /** How long a server certificate is valid; it is reissued at a start once it expires within {@link #RENEW_WITHIN}. */
    public static final Duration SERVER_LIFETIME = Duration.ofDays(397);
    public static final Duration RENEW_WITHIN = Duration.ofDays(30);

    private static final String CA_NAME = "KidSafe local CA";
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final int[] ECDSA_WITH_SHA256 = {1, 2, 840, 10045, 4, 3, 2};
    private static final int[] COMMON_NAME = {2, 5, 4, 3};
    private static final int[] SUBJECT_KEY_ID = {2, 5, 29, 14};
    private static final int[] KEY_USAGE = {2, 5, 29, 15};
    private static final int[] SUBJECT_ALT_NAME = {2, 5, 29, 17};
    private static final int[] BASIC_CONSTRAINTS = {2, 5, 29, 19};
    private static final int[] AUTHORITY_KEY_ID = {2, 5, 29, 35};
    private static final int[] EXTENDED_KEY_USAGE = {2, 5, 29, 37};
    private static final int[] SERVER_AUTH = {1, 3, 6, 1, 5, 5, 7, 3, 1};
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path directory;
    private final X509Certificate certificate;
    private final PrivateKey privateKey;

    private LocalCertificateAuthority(Path directory, X509Certificate certificate, PrivateKey privateKey) {
        this.directory = directory;
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    /** The CA kept in {@code directory}, made there first if it has none. */
    public static synchronized LocalCertificateAuthority in(Path directory) {
        Path certificateFile = directory.resolve("ca.pem");
        Path keyFile = directory.resolve("ca.key");
        try {
            Files.createDirectories(directory);
            if (!Files.exists(certificateFile) || !Files.exists(keyFile)) {
                KeyPair keys = newKeyPair();
                Instant now = Instant.now();
                byte[] der = sign(keys.getPrivate(), tbsCertificate(CA_NAME, CA_NAME, keys.getPublic(), keys.getPublic(), now,
                        now.plus(CA_LIFETIME), true));
                writePrivate(keyFile, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
                write(certificateFile, pem("CERTIFICATE", der));
            }
            return new LocalCertificateAuthority(directory, readCertificate(certificateFile), readPrivateKey(keyFile));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not make or read the local CA in " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The local CA in " + directory + " is unusable; delete the folder to make a new one", e);
        }
    }

    /** The certificate every local client trusts (PEM): {@code sslrootcert}, Kafka's {@code ssl.truststore.location}. */
    public Path certificateFile() {
        return directory.resolve("ca.pem");
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * A server certificate and key for loopback ({@code localhost}, {@code 127.0.0.1}, {@code ::1}) under
     * {@code name}, issued now if there is no usable one.
     */
    public synchronized ServerCertificate serverCertificate(String name) {
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("Not a plain certificate name: " + name);
        }
        Path certificateFile = directory.resolve(name + ".crt");
        Path keyFile = directory.resolve(name + ".key");
        try {
            if (!usable(certificateFile, keyFile)) {
                KeyPair keys = newKeyPair();
                Instant now = Instant.now();
                byte[] der = sign(privateKey, tbsCertificate(name, CA_NAME, keys.getPublic(), certificate.getPublicKey(), now,
                        now.plus(SERVER_LIFETIME), false));
                writePrivate(keyFile, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
                write(certificateFile, pem("CERTIFICATE", der) + pem("CERTIFICATE", certificate.getEncoded()));
            }
            return new ServerCertificate(certificateFile, keyFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not issue the " + name + " certificate in " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not issue the " + name + " certificate", e);
        }
    }

    private boolean usable(Path certificateFile, Path keyFile) throws IOException {
        if (!Files.exists(certificateFile) || !Files.exists(keyFile)) {
            return false;
        }
        try {
            X509Certificate issued = readCertificate(certificateFile);
            issued.verify(certificate.getPublicKey());
            issued.checkValidity(java.util.Date.from(Instant.now().plus(RENEW_WITHIN)));
            readPrivateKey(keyFile);
            return true;
        } catch (GeneralSecurityException | IllegalArgumentException staleOrForeign) {
            return false;
        }
    }

    /**
     * A server's certificate file (its certificate, then the CA's: the chain it presents) and its private key (PKCS#8
     * PEM, readable by the owner only, as PostgreSQL requires).
     */
    public record ServerCertificate(Path certificateChain, Path privateKey) {

        public String certificateChainPem() {
            return read(certificateChain);
        }

        public String privateKeyPem() {
            return read(privateKey);
        }

        private static String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static byte[] tbsCertificate(String subject, String issuer, PublicKey subjectKey, PublicKey issuerKey, Instant notBefore,
                                         Instant notAfter, boolean authority) throws GeneralSecurityException {
        byte[] serial = new byte[16];
        RANDOM.nextBytes(serial);
        serial[0] = (byte) ((serial[0] & 0x7f) | 0x01);
        List<byte[]> extensions = authority
                ? List.of(extension(BASIC_CONSTRAINTS, true, sequence(bool(true))),
                        extension(KEY_USAGE, true, namedBits(0x06, 1)),
                        extension(SUBJECT_KEY_ID, false, octets(keyId(subjectKey))))
                : List.of(extension(BASIC_CONSTRAINTS, true, sequence()),
                        extension(KEY_USAGE, true, namedBits(0x80, 7)),
                        extension(EXTENDED_KEY_USAGE, false, sequence(oid(SERVER_AUTH))),
                        extension(SUBJECT_ALT_NAME, false, sequence(tlv(0x82, "localhost".getBytes(StandardCharsets.US_ASCII)),
                                tlv(0x87, loopback("127.0.0.1")), tlv(0x87, loopback("::1")))),
                        extension(SUBJECT_KEY_ID, false, octets(keyId(subjectKey))),
                        extension(AUTHORITY_KEY_ID, false, sequence(tlv(0x80, keyId(issuerKey)))));
        return sequence(
                tlv(0xa0, integer(BigInteger.TWO.toByteArray())),
                integer(serial),
                sequence(oid(ECDSA_WITH_SHA256)),
                name(issuer),
                sequence(time(notBefore.minus(Duration.ofMinutes(5))), time(notAfter)),
                name(subject),
                subjectKey.getEncoded(),
                tlv(0xa3, sequence(extensions.toArray(byte[][]::new))));
    }

    private static byte[] sign(PrivateKey key, byte[] tbsCertificate) throws GeneralSecurityException {
        Signature signature = Signature.getInstance(SIGNATURE_ALGORITHM);
        signature.initSign(key, RANDOM);
        signature.update(tbsCertificate);
        byte[] der = sequence(tbsCertificate, sequence(oid(ECDSA_WITH_SHA256)), bitString(signature.sign()));
        // Parsed once here, so a malformed certificate fails where it is made.
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        return der;
    }

    private static byte[] keyId(PublicKey key) throws GeneralSecurityException {
        return java.util.Arrays.copyOf(MessageDigest.getInstance("SHA-1").digest(key.getEncoded()), 20);
    }

    private static byte[] loopback(String address) {
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // DER, the few types an X.509 certificate needs (ITU-T X.690).

    private static byte[] extension(int[] id, boolean critical, byte[] value) {
        return critical ? sequence(oid(id), bool(true), octets(value)) : sequence(oid(id), octets(value));
    }

    private static byte[] name(String commonName) {
        return sequence(tlv(0x31, sequence(oid(COMMON_NAME), tlv(0x0c, commonName.getBytes(StandardCharsets.UTF_8)))));
    }

    private static byte[] time(Instant instant) {
        ZonedDateTime utc = instant.atZone(ZoneOffset.UTC);
        // RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
        return utc.getYear() < 2050
                ? tlv(0x17, DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").format(utc).getBytes(StandardCharsets.US_ASCII))
                : tlv(0x18, DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").format(utc).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] oid(int[] arcs) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(arcs[0] * 40 + arcs[1]);
        for (int i = 2; i < arcs.length; i++) {
            int arc = arcs[i];
            int shift = 28;
            while (shift > 0 && (arc >>> shift) == 0) {
                shift -= 7;
            }
            for (; shift > 0; shift -= 7) {
                body.write(0x80 | ((arc >>> shift) & 0x7f));
            }
            body.write(arc & 0x7f);
        }
        return tlv(0x06, body.toByteArray());
    }

    private static byte[] integer(byte[] positiveTwosComplement) {
        return tlv(0x02, positiveTwosComplement);
    }

    private static byte[] bool(boolean value) {
        return tlv(0x01, new byte[] {(byte) (value ? 0xff : 0x00)});
    }

    private static byte[] octets(byte[] value) {
        return tlv(0x04, value);
    }

    private static byte[] bitString(byte[] value) {
        byte[] body = new byte[value.length + 1];
        System.arraycopy(value, 0, body, 1, value.length);
        return tlv(0x03, body);
    }

    /** A one-byte named-bit list (KeyUsage), trailing zero bits dropped as DER requires. */
    private static byte[] namedBits(int bits, int unusedBits) {
        return tlv(0x03, new byte[] {(byte) unusedBits, (byte) bits});
    }

    private static byte[] sequence(byte[]... elements) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] element : elements) {
            body.writeBytes(element);
        }
        return tlv(0x30, body.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = value.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    // PEM files.

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] unpem(String text, String type) {
        int start = text.indexOf("-----BEGIN " + type + "-----");
        int end = text.indexOf("-----END " + type + "-----");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("No " + type + " in PEM text");
        }
        return Base64.getMimeDecoder().decode(text.substring(start + type.length() + 16, end));
    }

    private static X509Certificate readCertificate(Path file) throws IOException, GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(unpem(Files.readString(file), "CERTIFICATE")));
    }

    private static PrivateKey readPrivateKey(Path file) throws IOException, GeneralSecurityException {
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(unpem(Files.readString(file), "PRIVATE KEY")));
    }

    private static void write(Path file, String text) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        Files.writeString(temporary, text);
        move(temporary, file);
    }

    /** Owner-only from the start: PostgreSQL refuses a key others may read, and nobody else needs it. */
    private static void writePrivate(Path file, String text) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, text);
        move(temporary, file);
    }

    private static void move(Path temporary, Path file) throws IOException {
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
