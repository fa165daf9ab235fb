package com.parley.identity.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * The RS256 key the provider signs with, kept as a PKCS#8 PEM in a directory. The file format and the key id
 * (the JWK thumbprint) are the gateway's local signing key's, so in the local stack both processes share one
 * key and the services' single JWKS verifies every token. Created once; a second process starting at the same
 * moment never replaces it (hard link, which fails when the name exists).
 */
final class SigningKey {

    private static final Logger log = LoggerFactory.getLogger(SigningKey.class);
    static final String FILE_NAME = "signing-key.pem";

    private SigningKey() {
    }

    static RSAKey loadOrCreate(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        try {
            Files.createDirectories(directory);
            if (!Files.exists(file)) {
                create(file);
            }
            RSAKey key = toJwk(read(file));
            log.info("Signing tokens with key {} from {}", key.getKeyID(), file.toAbsolutePath());
            return key;
        } catch (IOException | GeneralSecurityException | JOSEException | ClassCastException e) {
            throw new IllegalStateException("Cannot use the signing key " + file.toAbsolutePath() + " ("
                    + e.getMessage() + "). Delete the file to generate a new one.", e);
        }
    }

    private static void create(Path file) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8)
                + "\n-----END PRIVATE KEY-----\n";
        Path temp = Files.createTempFile(file.getParent(), "signing-key", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                log.debug("Cannot restrict permissions of {}", temp);
            }
            Files.writeString(temp, pem, StandardCharsets.US_ASCII);
            Files.createLink(file, temp);
            log.info("Generated a new signing key at {}", file.toAbsolutePath());
        } catch (FileAlreadyExistsException e) {
            log.info("Another process created {} first; using it", file);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static RSAPrivateCrtKey read(Path file) throws IOException, GeneralSecurityException {
        String base64 = Files.readString(file, StandardCharsets.US_ASCII)
                .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static RSAKey toJwk(RSAPrivateCrtKey privateKey) throws GeneralSecurityException, JOSEException {
        RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(
                new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
        String keyId = new RSAKey.Builder(publicKey).build().computeThumbprint().toString();
        return new RSAKey.Builder(publicKey).privateKey(privateKey).keyID(keyId)
                .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).build();
    }
}
