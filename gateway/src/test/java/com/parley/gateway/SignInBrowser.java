package com.parley.gateway;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import com.parley.testsupport.TestHttp;

/**
 * A browser as far as the gateway can tell: keeps cookies (by hand, so tests can read their attributes), does
 * not follow redirects (each hop is checked), has its own client address. Talks to any gateway port, so one
 * browser can move between gateway instances.
 */
final class SignInBrowser {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();

    final Map<String, String> cookies = new LinkedHashMap<>();
    final Map<String, String> setCookieLines = new LinkedHashMap<>();
    private final String ip;
    int port;

    SignInBrowser(int port) {
        this.port = port;
        ThreadLocalRandom r = ThreadLocalRandom.current();
        this.ip = "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
    }

    /** Signs in as {@code user} at the fake provider; returns where the gateway sent the browser at the end. */
    String signIn(String user, String returnPath) {
        FakeIdentityProvider.INSTANCE.nextUser = user;
        HttpResponse<String> start = get("/auth/sign-in?return=" + URLEncoder.encode(returnPath, StandardCharsets.UTF_8));
        expectRedirect(start);
        String location = location(start);
        if (location.contains("signin_error=")) {
            return location;
        }
        HttpResponse<String> toProvider = get(location);
        expectRedirect(toProvider);
        HttpResponse<String> atProvider = send(HttpRequest.newBuilder(URI.create(location(toProvider))).GET());
        expectRedirect(atProvider);
        HttpResponse<String> callback = get(location(atProvider));
        expectRedirect(callback);
        return location(callback);
    }

    HttpResponse<String> get(String pathOrUrl) {
        return send(request(pathOrUrl).GET());
    }

    TestHttp.Response api(String method, String path, String json, Map<String, String> headers) {
        HttpRequest.Builder builder = request(path).header("Accept", "application/json");
        headers.forEach(builder::header);
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        builder.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> response = send(builder);
        return new TestHttp.Response(response.statusCode(), response.headers(), response.body());
    }

    /** A call with a body sent as it is, under the headers given (Content-Type among them). */
    TestHttp.Response api(String method, String path, String ignored, Map<String, String> headers, String rawBody) {
        HttpRequest.Builder builder = request(path).header("Accept", "application/json");
        headers.forEach(builder::header);
        builder.method(method, HttpRequest.BodyPublishers.ofString(rawBody));
        HttpResponse<String> response = send(builder);
        return new TestHttp.Response(response.statusCode(), response.headers(), response.body());
    }

    TestHttp.Response api(String method, String path) {
        return api(method, path, null, Map.of());
    }

    /** The same call with the CSRF header an app sends (the XSRF-TOKEN cookie's value). */
    TestHttp.Response apiWithCsrf(String method, String path, String json) {
        return api(method, path, json, Map.of("X-XSRF-TOKEN", cookies.getOrDefault("XSRF-TOKEN", "")));
    }

    HttpRequest.Builder request(String pathOrUrl) {
        String url = pathOrUrl.startsWith("http") ? pathOrUrl : "http://127.0.0.1:" + port + pathOrUrl;
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("X-Forwarded-For", ip);
        if (!cookies.isEmpty() && url.startsWith("http://127.0.0.1:" + port)) {
            builder.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        return builder;
    }

    HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            HttpRequest request = builder.build();
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            if (request.uri().getPort() == port) {
                remember(response.headers().allValues("Set-Cookie"));
            }
            return response;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void remember(List<String> lines) {
        for (String line : lines) {
            String pair = line.split(";", 2)[0];
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            boolean gone = value.isEmpty() || line.toLowerCase().contains("max-age=0");
            if (gone) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
            setCookieLines.put(name, line);
        }
    }

    static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElse("");
    }

    private static void expectRedirect(HttpResponse<String> response) {
        if (response.statusCode() != 302 && response.statusCode() != 303) {
            throw new AssertionError("Expected a redirect, got " + response.statusCode() + " " + response.uri()
                    + ": " + response.body());
        }
    }
}
