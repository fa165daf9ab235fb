package com.parley.gateway.devtoken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * The local profile's RS256 key pair: generated on first start and kept in a directory, so tokens minted
 * yesterday still verify after a restart. Only the private key is stored (PKCS#8 PEM, owner-only where the
 * file system allows); the public key is derived from it.
 */
public final class LocalSigningKeys {

    private static final Logger log = LoggerFactory.getLogger(LocalSigningKeys.class);
    static final String FILE_NAME = "signing-key.pem";

    private final RSAPrivateCrtKey privateKey;
    private final RSAPublicKey publicKey;
    private final RSAKey jwk;

    private LocalSigningKeys(RSAPrivateCrtKey privateKey) {
        this.privateKey = privateKey;
        try {
            this.publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(
                    new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            RSAKey withoutId = new RSAKey.Builder(publicKey).build();
            this.jwk = new RSAKey.Builder(publicKey)
                    .keyID(withoutId.computeThumbprint().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .build();
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException("Cannot derive the public key", e);
        }
    }

    /** Loads the key pair from {@code directory}, creating the directory and the key the first time. */
    public static LocalSigningKeys loadOrCreate(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        try {
            Files.createDirectories(directory);
            if (!Files.exists(file)) {
                create(file);
            }
            LocalSigningKeys keys = new LocalSigningKeys(read(file));
            log.info("Local JWT signing key {} from {}", keys.keyId(), file.toAbsolutePath());
            return keys;
        } catch (IOException | GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException("Cannot use the local JWT signing key " + file.toAbsolutePath()
                    + " (" + e.getMessage() + "). Delete the file to generate a new one; tokens minted with the "
                    + "old key stop working.", e);
        }
    }

    private static void create(Path file) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8)
                + "\n-----END PRIVATE KEY-----\n";
        // write aside and move into place, so a crash never leaves half a key behind
        Path temp = Files.createTempFile(file.getParent(), "signing-key", ".tmp");
        try {
            ownerOnly(temp);
            Files.writeString(temp, pem, StandardCharsets.US_ASCII);
            // a hard link fails when the name exists: the local identity provider shares this file and may be
            // creating it at the same moment, and a rename would silently replace the key it already loaded
            try {
                Files.createLink(file, temp);
            } catch (UnsupportedOperationException e) {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            }
            log.info("Generated a new local JWT signing key at {}", file.toAbsolutePath());
        } catch (FileAlreadyExistsException e) {
            log.info("Another process created {} first; using it", file);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void ownerOnly(Path path) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            log.debug("Cannot restrict permissions of {}: {}", path, e.toString());
        }
    }

    private static RSAPrivateCrtKey read(Path file) throws IOException, GeneralSecurityException {
        String base64 = Files.readString(file, StandardCharsets.US_ASCII)
                .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    public RSAPublicKey publicKey() {
        return publicKey;
    }

    RSAPrivateCrtKey privateKey() {
        return privateKey;
    }

    public String keyId() {
        return jwk.getKeyID();
    }

    /** The public key as a JWK Set, what {@code /.well-known/jwks.json} serves. */
    public Map<String, Object> jwks() {
        return new JWKSet(jwk.toPublicJWK()).toJSONObject(true);
    }
}
