package org.kidsafe.crypto.signing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
