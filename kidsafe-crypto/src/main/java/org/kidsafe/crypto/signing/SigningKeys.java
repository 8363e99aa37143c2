package org.kidsafe.crypto.signing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/** P-256 keys in PEM files (PKCS#8 private, X.509 public); as JWKs see {@link org.kidsafe.crypto.jwk.EcJwk}. */
public final class SigningKeys {

    private SigningKeys() {
    }

    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static PrivateKey readPrivate(Path pem) {
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(decodePem(Files.readString(pem))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not an EC PKCS#8 private key: " + pem, e);
        }
    }

    public static PublicKey readPublic(Path pem) {
        try {
            return parsePublic(Files.readString(pem));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PublicKey parsePublic(String pem) {
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(decodePem(pem)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not an EC public key", e);
        }
    }

    /** Writes the pair as {@code <name>.key} (private, owner-only) and {@code <name>.pub}. */
    public static void write(KeyPair pair, Path directory, String name) {
        try {
            Files.createDirectories(directory);
            Path privateFile = directory.resolve(name + ".key");
            Files.writeString(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            privateFile.toFile().setReadable(false, false);
            privateFile.toFile().setReadable(true, true);
            Files.writeString(directory.resolve(name + ".pub"), publicPem(pair.getPublic()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Rotates the signing key at {@code privateKeyFile} (its {@code .pub} beside it) in place, without stopping the
     * service that reads it (issue 16 item 5, issue 18 item 4): the current public key is first kept in
     * {@code retiredDirectory} as {@code <key id>.pub}, so whatever it signed keeps verifying, then a new pair replaces
     * the current one, public half first and each by an atomic rename. A reader sees the old pair, the new pair, or
     * for an instant a new public key with the old private one, which {@link ServiceSigningKey} recognises and skips.
     *
     * @return the new key's id
     */
    public static String rotate(Path privateKeyFile, Path retiredDirectory, String service) {
        Path publicFile = ServiceSigningKey.publicFileOf(privateKeyFile);
        try {
            Files.createDirectories(retiredDirectory);
            PublicKey old = readPublic(publicFile);
            Path retired = retiredDirectory.resolve(SigningKeyIds.of(service, old) + ".pub");
            Path staged = Files.createTempFile(retiredDirectory, ".retiring-", ".tmp");
            Files.writeString(staged, publicPem(old));
            Files.move(staged, retired, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

            KeyPair next = generate();
            Path directory = privateKeyFile.toAbsolutePath().getParent();
            Path stagedPublic = Files.createTempFile(directory, ".next-", ".pub.tmp");
            Files.writeString(stagedPublic, publicPem(next.getPublic()));
            Path stagedPrivate = Files.createTempFile(directory, ".next-", ".key.tmp");
            Files.setPosixFilePermissions(stagedPrivate, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(stagedPrivate, pem("PRIVATE KEY", next.getPrivate().getEncoded()));
            Files.move(stagedPublic, publicFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.move(stagedPrivate, privateKeyFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return SigningKeyIds.of(service, next.getPublic());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String publicPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] decodePem(String pem) {
        String body = Arrays.stream(pem.split("\n"))
                .filter(line -> !line.startsWith("-----"))
                .reduce("", String::concat)
                .trim();
        return Base64.getMimeDecoder().decode(body);
    }
}
