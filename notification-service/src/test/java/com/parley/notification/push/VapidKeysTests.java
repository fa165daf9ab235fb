package com.parley.notification.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import com.parley.notification.system.NotificationProperties;

/** Configured VAPID keys: the production path, no MongoDB involved. */
class VapidKeysTests {

    @Test
    void configuredKeysArePublishedAndSignTheVapidToken() throws Exception {
        KeyPair pair = P256.generate();
        String publicKey = P256.base64Url(P256.encode((ECPublicKey) pair.getPublic()));
        VapidKeys keys = new VapidKeys(properties(publicKey, P256.base64Url(P256.encode((ECPrivateKey) pair.getPrivate()))),
                null);

        assertThat(keys.publicKeyBase64Url()).contains(publicKey);
        String header = keys.authorization("https://push.example.com", Instant.now(), Duration.ofHours(12));
        assertThat(header).startsWith("vapid t=").endsWith(", k=" + publicKey);
        String jwt = header.substring("vapid t=".length(), header.indexOf(','));
        Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
        verifier.initVerify(pair.getPublic());
        verifier.update(jwt.substring(0, jwt.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getUrlDecoder().decode(jwt.substring(jwt.lastIndexOf('.') + 1)))).isTrue();
        assertThat(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8))
                .contains("\"aud\":\"https://push.example.com\"").contains("\"sub\":\"mailto:ops@example.com\"");
    }

    @Test
    void aMistypedKeyStopsTheServiceAtStartup() {
        assertThatThrownBy(() -> new VapidKeys(properties("not-a-key", "also-not"), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutKeysAndWithoutGenerationPushIsOff() {
        VapidKeys keys = new VapidKeys(properties(null, null), null);
        assertThat(keys.available()).isFalse();
        assertThat(keys.publicKeyBase64Url()).isEmpty();
    }

    private static NotificationProperties properties(String publicKey, String privateKey) {
        return new NotificationProperties(null, null, null,
                new NotificationProperties.Push(publicKey, privateKey, false, "mailto:ops@example.com", false,
                        Duration.ofHours(24), Duration.ofSeconds(10)),
                null, "http://localhost");
    }
}
