package com.parley.support.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import com.parley.support.security.CurrentUser;
import com.parley.testsupport.ParleyIntegrationTest;
import com.parley.testsupport.TestHttp;
import com.parley.testsupport.TestTokens;

/** Every kind of bad input gets a 4xx problem detail with a stable code, through a real servlet stack. */
@ParleyIntegrationTest
class ProblemDetailsIntegrationTests {

    @LocalServerPort
    int port;

    TestHttp caller() {
        return TestHttp.at(port).as(TestTokens.customer("c-1"));
    }

    @Test
    void wrongScalarTypesAreRefusedInsteadOfCoerced() {
        assertThat(caller().post("/echo", "{\"content\":12345,\"upToSeq\":1}").code()).isEqualTo("malformed_request");
        assertThat(caller().post("/echo", "{\"content\":true,\"upToSeq\":1}").status()).isEqualTo(400);
        assertThat(caller().post("/echo", "{\"content\":\"hi\",\"upToSeq\":\"1\"}").status()).isEqualTo(400);
        assertThat(caller().post("/echo", "{\"content\":\"hi\",\"upToSeq\":1.5}").status()).isEqualTo(400);
        assertThat(caller().post("/echo", "{\"content\":\"xin chào\",\"upToSeq\":1}").json().path("content").asString())
                .isEqualTo("xin chào");
    }

    @Test
    void malformedJsonAndValidationFailuresHaveTheirOwnCodes() {
        assertThat(caller().post("/echo", "{\"content\":").code()).isEqualTo("malformed_request");
        TestHttp.Response invalid = caller().post("/echo", "{\"content\":\" \",\"upToSeq\":1}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.code()).isEqualTo("validation_failed");
        assertThat(invalid.contentType()).startsWith("application/problem+json");
    }

    @Test
    void queryThatIsNotUtf8IsABadParameterNotAServerError() {
        TestHttp.Response response = caller().get("/search?q=%ED%A0%80");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("invalid_parameter");
    }

    @Test
    void brokenMultipartBodyIsMalformed() {
        TestHttp.Response response = caller().send(caller().request("/upload")
                .header("Content-Type", "multipart/form-data")
                .POST(HttpRequest.BodyPublishers.ofString("--x\r\nnot a part")));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("malformed_request");
    }

    @Test
    void refusalsFromFeaturesCarryTheirCodeAndProperties() {
        TestHttp.Response response = caller().get("/conflict");

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.code()).isEqualTo("already_claimed");
        assertThat(response.json().path("claimedBy").path("name").asString()).isEqualTo("Lan");
    }

    @Test
    void aDatabaseConnectionLostMidRequestIsAnOutageWithRetryAdviceNotAServerError() {
        TestHttp.Response response = caller().get("/pool-cleared");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.code()).isEqualTo("service_unavailable");
        assertThat(response.header("Retry-After")).isPresent();
    }

    @SpringBootApplication
    @org.springframework.context.annotation.Import(ProblemsController.class)
    static class ProblemsApp {
    }

    record EchoRequest(@NotBlank String content, @NotNull Long upToSeq) {
    }

    @RestController
    static class ProblemsController {

        @PostMapping("/echo")
        EchoRequest echo(@Valid @RequestBody EchoRequest request, CurrentUser user) {
            return request;
        }

        @GetMapping("/search")
        String search(@RequestParam(required = false) String q) {
            return "ok";
        }

        @PostMapping("/upload")
        String upload(@RequestParam("file") MultipartFile file) {
            return file.getOriginalFilename();
        }

        /** What the driver does when the server stopped answering mid-request (seen under a claim race). */
        @GetMapping("/pool-cleared")
        String poolCleared() {
            throw new org.springframework.data.mongodb.UncategorizedMongoDbException("pool paused",
                    new com.mongodb.MongoConnectionPoolClearedException(
                            new com.mongodb.connection.ServerId(new com.mongodb.connection.ClusterId(),
                                    new com.mongodb.ServerAddress()), null));
        }

        @GetMapping("/conflict")
        String conflict() {
            throw ApiException.conflict("already_claimed", "Taken").with("claimedBy",
                    java.util.Map.of("id", "s-1", "name", "Lan"));
        }
    }
}
