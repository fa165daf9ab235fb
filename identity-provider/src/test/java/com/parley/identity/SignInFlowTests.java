package com.parley.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.ObjectMapper;

/**
 * The whole browser flow against the real provider on a port: authorize → sign-in page → password →
 * code → token exchange with PKCE, and what the tokens say.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SignInFlowTests {

    static final String REDIRECT = "http://localhost:9999/login/oauth2/code/parley";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        String keys = java.nio.file.Files.createTempDirectory("idp-keys").toString();
        registry.add("parley.identity.key-directory", () -> keys);
        registry.add("parley.identity.client.redirect-uris", () -> REDIRECT);
        registry.add("parley.identity.issuer", () -> "");
    }

    @LocalServerPort
    int port;

    final ObjectMapper json = new ObjectMapper();

    @Test
    void staffSignsInWithPasswordAndGetsATokenTheServicesAccept() throws Exception {
        Browser browser = new Browser();
        String verifier = "v".repeat(43) + "abc";
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String authorize = base() + "/oauth2/authorize?response_type=code&client_id=parley-gateway&scope=openid%20profile"
                + "&state=s1&nonce=n1&code_challenge_method=S256&code_challenge=" + challenge
                + "&redirect_uri=" + enc(REDIRECT);
        HttpResponse<String> first = browser.get(authorize, "vi");
        assertThat(first.statusCode()).isEqualTo(302);
        assertThat(location(first)).endsWith("/login");

        HttpResponse<String> page = browser.get(base() + "/login", "vi");
        assertThat(page.body()).contains("Đăng nhập Parley").contains("Mật khẩu");
        HttpResponse<String> signedIn = browser.post(base() + "/login",
                Map.of("username", "staff-binh", "password", "binh-parley", "_csrf", csrf(page.body())));
        assertThat(signedIn.statusCode()).isEqualTo(302);
        HttpResponse<String> back = browser.get(location(signedIn), "vi");
        assertThat(back.statusCode()).isEqualTo(302);
        String callback = location(back);
        assertThat(callback).startsWith(REDIRECT).contains("state=s1");
        String code = callback.replaceAll(".*[?&]code=([^&]+).*", "$1");

        HttpResponse<String> tokens = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base() + "/oauth2/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "parley-gateway:parley-local-secret".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + enc(code)
                        + "&redirect_uri=" + enc(REDIRECT) + "&code_verifier=" + verifier))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        Map<?, ?> body = json.readValue(tokens.body(), Map.class);
        assertThat(body.get("refresh_token")).isNotNull();
        Map<?, ?> access = claims((String) body.get("access_token"));
        assertThat(access.get("iss")).isEqualTo("parley");
        assertThat(access.get("aud").toString()).contains("parley-api");
        assertThat(access.get("sub")).isEqualTo("staff-binh");
        assertThat(access.get("name")).isEqualTo("Trần Thị Bình");
        assertThat(access.get("roles").toString()).contains("STAFF");
        Map<?, ?> id = claims((String) body.get("id_token"));
        assertThat(id.get("iss")).isEqualTo(base());
        assertThat(id.get("roles").toString()).contains("STAFF");

        HttpResponse<String> jwks = browser.get(base() + "/oauth2/jwks", "vi");
        assertThat(jwks.body()).contains("\"kty\":\"RSA\"");
    }

    @Test
    void withoutPkceTheProviderRefuses() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> response = browser.get(base() + "/oauth2/authorize?response_type=code&client_id=parley-gateway"
                + "&scope=openid&state=s&redirect_uri=" + enc(REDIRECT), "vi");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(location(response)).startsWith(REDIRECT).contains("error=invalid_request");
    }

    @Test
    void wrongPasswordIsExplainedInVietnamese() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> page = browser.get(base() + "/login", "vi-VN,vi;q=0.9");
        HttpResponse<String> failed = browser.post(base() + "/login",
                Map.of("username", "staff-chau", "password", "nope", "_csrf", csrf(page.body())));
        assertThat(location(failed)).endsWith("/login?error=bad_credentials");
        assertThat(browser.get(base() + "/login?error=bad_credentials", "vi").body())
                .contains("Tên đăng nhập hoặc mật khẩu không đúng");
    }

    @Test
    void lockedAccountIsExplainedInEnglishWhenTheBrowserAsksForIt() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> page = browser.get(base() + "/login", "en-US,en;q=0.9");
        assertThat(page.body()).contains("Sign in to Parley");
        HttpResponse<String> failed = browser.post(base() + "/login",
                Map.of("username", "staff-khoa", "password", "khoa-parley", "_csrf", csrf(page.body())));
        assertThat(location(failed)).endsWith("/login?error=locked");
        assertThat(browser.get(base() + "/login?error=locked", "en").body()).contains("This account is locked");
    }

    @Test
    void fiveWrongPasswordsLockTheAccountEvenForTheRightOne() throws Exception {
        Browser browser = new Browser();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> page = browser.get(base() + "/login", "vi");
            browser.post(base() + "/login",
                    Map.of("username", "seller-giadung", "password", "wrong-" + i, "_csrf", csrf(page.body())));
        }
        HttpResponse<String> page = browser.get(base() + "/login", "vi");
        HttpResponse<String> failed = browser.post(base() + "/login",
                Map.of("username", "seller-giadung", "password", "giadung-parley", "_csrf", csrf(page.body())));
        assertThat(location(failed)).endsWith("/login?error=locked");
    }

    @Test
    void languageSwitchIsRemembered() throws Exception {
        Browser browser = new Browser();
        assertThat(browser.get(base() + "/login?lang=en", "vi").body()).contains("Sign in to Parley");
        assertThat(browser.get(base() + "/login?error=bad_credentials", "vi").body()).contains("Wrong username or password");
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private Map<?, ?> claims(String jwt) throws Exception {
        return json.readValue(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), Map.class);
    }

    private static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("CSRF field in the sign-in form").isTrue();
        return m.group(1);
    }

    private static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElse("");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A cookie-keeping client that does not follow redirects, so each hop can be checked. */
    final class Browser {
        final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> get(String url, String language) throws Exception {
            String absolute = url.startsWith("http") ? url : base() + url;
            return client.send(HttpRequest.newBuilder(URI.create(absolute)).header("Accept", "text/html")
                    .header("Accept-Language", language).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String url, Map<String, String> form) throws Exception {
            StringBuilder body = new StringBuilder();
            form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(enc(k)).append('=').append(enc(v)));
            return client.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
