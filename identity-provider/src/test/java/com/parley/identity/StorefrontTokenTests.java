package com.parley.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The stand-in for a storefront's login: the demo shop page gets its customer's token here, signed with the
 * provider's key (which the gateway and services trust), shaped as docs/STOREFRONT-TOKENS.md says, and never
 * with a staff, admin or seller role.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StorefrontTokenTests {

    static final String SHOP_PAGE = "http://localhost:8080";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        String keys = java.nio.file.Files.createTempDirectory("idp-keys").toString();
        registry.add("parley.identity.key-directory", () -> keys);
        registry.add("parley.identity.issuer", () -> "");
        registry.add("parley.identity.storefront.enabled", () -> "true");
    }

    @LocalServerPort
    int port;

    final ObjectMapper json = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theShopsCustomerGetsAShortLivedTokenShapedLikeTheContract() throws Exception {
        HttpResponse<String> issued = post("""
                {"customerId":"shop-customer-82731","name":"Nguyễn Văn An","roles":["CUSTOMER","BUYER"]}""", SHOP_PAGE);

        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        assertThat(issued.headers().firstValue("Access-Control-Allow-Origin")).contains(SHOP_PAGE);
        JsonNode body = json.readTree(issued.body());
        assertThat(body.path("tokenType").asString()).isEqualTo("Bearer");
        Jwt jwt = NimbusJwtDecoder.withJwkSetUri(base() + "/oauth2/jwks").build().decode(body.path("token").asString());
        assertThat(jwt.getHeaders()).containsEntry("alg", "RS256").containsKey("kid");
        assertThat(jwt.getClaimAsString("iss")).isEqualTo("parley");
        assertThat(jwt.getAudience()).containsExactly("parley-api");
        assertThat(jwt.getSubject()).isEqualTo("shop-customer-82731");
        assertThat(jwt.getClaimAsString("name")).isEqualTo("Nguyễn Văn An");
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("CUSTOMER", "BUYER");
        assertThat(Duration.between(Instant.now(), jwt.getExpiresAt())).isBetween(Duration.ofMinutes(25),
                Duration.ofMinutes(31));
    }

    @Test
    void aShopLoginNeverMakesSomeoneStaffAnAdminOrASeller() throws Exception {
        for (String role : List.of("STAFF", "ADMIN", "SELLER")) {
            HttpResponse<String> refused = post("""
                    {"customerId":"shop-customer-1","roles":["CUSTOMER","%s"]}""".formatted(role), SHOP_PAGE);

            assertThat(refused.statusCode()).as(role).isEqualTo(400);
            assertThat(json.readTree(refused.body()).path("code").asString()).isEqualTo("validation_failed");
            assertThat(refused.body()).doesNotContain("\"token\"");
        }
        HttpResponse<String> badId = post("""
                {"customerId":"$where","roles":["CUSTOMER"]}""", SHOP_PAGE);
        assertThat(badId.statusCode()).isEqualTo(400);
    }

    @Test
    void onlyTheGatewaysPagesMayCallItFromABrowser() throws Exception {
        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create(base() + "/storefront/customer-tokens"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(preflight.statusCode()).isEqualTo(403);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    private HttpResponse<String> post(String body, String origin) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + "/storefront/customer-tokens"))
                .header("Content-Type", "application/json")
                .header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
