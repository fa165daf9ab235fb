package com.parley.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.parley.testsupport.TestHttp;
import com.parley.testsupport.TestTokens;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Web Push end to end against a local push-service stub: the test plays the browser, with its own P-256 key
 * pair and auth secret, and decrypts what arrives (RFC 8291 aes128gcm) and checks the VAPID signature
 * (RFC 8292) with the key the service publishes.
 */
class WebPushIntegrationTests extends NotificationIntegrationTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final JsonMapper JSON = JsonMapper.builder().build();

    HttpServer pushService;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger status = new AtomicInteger(201);

    record Received(String path, Map<String, List<String>> headers, byte[] body) {
    }

    @BeforeEach
    void startPushService() throws Exception {
        pushService = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pushService.createContext("/", exchange -> {
            received.add(new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                    exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        pushService.start();
    }

    @AfterEach
    void stopPushService() {
        pushService.stop(0);
    }

    @Test
    void offlineRecipientGetsAnEncryptedSignedPushTheirBrowserCanRead() throws Exception {
        String buyer = unique("buyer");
        String seller = unique("seller");
        String conversation = unique("conv");
        Browser browser = new Browser();
        String endpoint = "http://127.0.0.1:" + pushService.getAddress().getPort() + "/push/" + seller;
        TestHttp asSeller = http().as(TestTokens.forUser(seller, "Sam", com.parley.events.Role.SELLER));
        TestHttp.Response created = asSeller.post("/api/notifications/push-subscriptions", browser.subscription(endpoint));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String vapidKey = asSeller.get("/api/notifications/vapid-public-key").json().path("publicKey").asString();

        publish(message(conversation, buyer, seller, 1, "Can you ship today?"));
        publish(message(conversation, buyer, seller, 2, "It is a gift"));

        await().atMost(WAIT).until(() -> !received.isEmpty());
        Received push = received.getFirst();
        assertThat(push.path()).isEqualTo("/push/" + seller);
        assertThat(header(push, "Content-Encoding")).isEqualTo("aes128gcm");
        assertThat(Integer.parseInt(header(push, "TTL"))).isPositive();

        String authorization = header(push, "Authorization");
        assertThat(authorization).startsWith("vapid t=").contains(", k=" + vapidKey);
        String jwt = authorization.substring("vapid t=".length(), authorization.indexOf(','));
        assertThat(verifyEs256(jwt, decode(vapidKey))).as("VAPID signature").isTrue();
        JsonNode claims = JSON.readTree(decode(jwt.split("\\.")[1]));
        assertThat(claims.path("aud").asString()).isEqualTo("http://127.0.0.1:" + pushService.getAddress().getPort());
        assertThat(claims.path("exp").asLong()).isGreaterThan(Instant.now().getEpochSecond());
        assertThat(claims.path("sub").asString()).startsWith("mailto:");

        JsonNode payload = JSON.readTree(browser.decrypt(push.body()));
        assertThat(payload.path("title").asString()).isEqualTo("2 tin nhắn mới từ Name of " + buyer);
        assertThat(payload.path("body").asString()).contains("It is a gift");
        assertThat(payload.path("conversationId").asString()).isEqualTo(conversation);
        await().atMost(WAIT).until(() -> TestSmtp.to(mailOf(seller)).size() == 1);
        assertThat(received).hasSize(1);
    }

    @Test
    void aSubscriptionThePushServiceReportsGoneIsRemoved() {
        status.set(410);
        String buyer = unique("buyer");
        String seller = unique("seller");
        TestHttp asSeller = http().as(TestTokens.forUser(seller, "Sam", com.parley.events.Role.SELLER));
        String endpoint = "http://127.0.0.1:" + pushService.getAddress().getPort() + "/gone/" + seller;
        assertThat(asSeller.post("/api/notifications/push-subscriptions", new Browser().subscription(endpoint)).status())
                .isEqualTo(201);

        publish(message(unique("conv"), buyer, seller, 1, "hello"));

        await().atMost(WAIT).until(() -> asSeller.get("/api/notifications/push-subscriptions").json()
                .path("items").isEmpty());
        assertThat(received).hasSize(1);
        await().atMost(WAIT).until(() -> TestSmtp.to(mailOf(seller)).size() == 1);
    }

    @Test
    void subscriptionsAreValidatedAndOnlyTheirOwnerRemovesThem() {
        TestHttp alice = http().as(TestTokens.customer(unique("alice")));
        TestHttp bob = http().as(TestTokens.customer(unique("bob")));
        Map<String, Object> good = new Browser().subscription("https://push.example.com/send/abc");

        assertThat(alice.post("/api/notifications/push-subscriptions",
                Map.of("endpoint", "https://push.example.com/x", "keys", Map.of("p256dh", "AAAA", "auth", "AAAA")))
                .code()).isEqualTo("invalid_subscription");
        assertThat(alice.post("/api/notifications/push-subscriptions",
                Map.of("endpoint", "ftp://push.example.com/x", "keys", good.get("keys"))).code())
                .isEqualTo("invalid_subscription");
        assertThat(alice.post("/api/notifications/push-subscriptions", Map.of("endpoint", "https://x")).code())
                .isEqualTo("validation_failed");

        TestHttp.Response created = alice.post("/api/notifications/push-subscriptions", good);
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().path("id").asString();
        assertThat(bob.delete("/api/notifications/push-subscriptions/" + id).code()).isEqualTo("subscription_not_found");
        assertThat(alice.delete("/api/notifications/push-subscriptions/" + id).status()).isEqualTo(204);
        assertThat(alice.get("/api/notifications/push-subscriptions").json().path("items").isEmpty()).isTrue();
    }

    private static String header(Received push, String name) {
        return push.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
    }

    static byte[] decode(String base64Url) {
        return Base64.getUrlDecoder().decode(base64Url);
    }

    static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static boolean verifyEs256(String jwt, byte[] publicKeyPoint) throws Exception {
        int lastDot = jwt.lastIndexOf('.');
        Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
        verifier.initVerify(publicKey(publicKeyPoint));
        verifier.update(jwt.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
        return verifier.verify(decode(jwt.substring(lastDot + 1)));
    }

    static ECPublicKey publicKey(byte[] point) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        var params = ((ECPublicKey) generator.generateKeyPair().getPublic()).getParams();
        ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 33)),
                new BigInteger(1, Arrays.copyOfRange(point, 33, 65)));
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, params));
    }

    /** The user agent's side of RFC 8291, written independently of the service's code. */
    static final class Browser {

        final KeyPair keys;
        final byte[] publicPoint;
        final byte[] auth = new byte[16];

        Browser() {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                keys = generator.generateKeyPair();
                ECPoint w = ((ECPublicKey) keys.getPublic()).getW();
                publicPoint = ByteBuffer.allocate(65).put((byte) 4).put(fixed(w.getAffineX())).put(fixed(w.getAffineY()))
                        .array();
                new SecureRandom().nextBytes(auth);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        Map<String, Object> subscription(String endpoint) {
            return Map.of("endpoint", endpoint, "keys", Map.of("p256dh", encode(publicPoint), "auth", encode(auth)));
        }

        byte[] decrypt(byte[] body) throws Exception {
            ByteBuffer in = ByteBuffer.wrap(body);
            byte[] salt = new byte[16];
            in.get(salt);
            int recordSize = in.getInt();
            byte[] serverKey = new byte[in.get() & 0xff];
            in.get(serverKey);
            byte[] ciphertext = new byte[in.remaining()];
            in.get(ciphertext);
            assertThat(ciphertext.length).isLessThanOrEqualTo(recordSize);

            KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
            agreement.init(keys.getPrivate());
            agreement.doPhase(publicKey(serverKey), true);
            byte[] ecdh = agreement.generateSecret();
            byte[] prkKey = hmac(auth, ecdh);
            byte[] keyInfo = ByteBuffer.allocate(14 + 65 + 65).put("WebPush: info\0".getBytes(StandardCharsets.US_ASCII))
                    .put(publicPoint).put(serverKey).array();
            byte[] ikm = Arrays.copyOf(hmac(prkKey, concat(keyInfo, new byte[] {1})), 32);
            byte[] prk = hmac(salt, ikm);
            byte[] cek = Arrays.copyOf(hmac(prk, concat("Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII),
                    new byte[] {1})), 16);
            byte[] nonce = Arrays.copyOf(hmac(prk, concat("Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII),
                    new byte[] {1})), 12);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
            byte[] padded = cipher.doFinal(ciphertext);
            int end = padded.length - 1;
            while (padded[end] == 0) {
                end--;
            }
            assertThat(padded[end]).as("last-record delimiter").isEqualTo((byte) 2);
            return Arrays.copyOf(padded, end);
        }

        private static byte[] hmac(byte[] key, byte[] data) throws Exception {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        }

        private static byte[] concat(byte[] a, byte[] b) {
            return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
        }

        private static byte[] fixed(BigInteger value) {
            byte[] raw = value.toByteArray();
            byte[] out = new byte[32];
            int start = Math.max(0, raw.length - 32);
            System.arraycopy(raw, start, out, 32 - (raw.length - start), raw.length - start);
            return out;
        }
    }
}
