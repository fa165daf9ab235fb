package com.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.parley.testsupport.TestHttp;

/** One OpenAPI document for the public API, from the services' own documents, and a UI to browse it. */
class ApiDocsTests extends GatewayIntegrationTest {

    @Test
    void mergedDocumentHasEveryAvailableServiceAndNamesTheMissingOne() {
        TestHttp.Response doc = client().get("/v3/api-docs/parley");

        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.json().path("paths").has("/api/conversation-only")).isTrue();
        assertThat(doc.json().path("paths").has("/api/messaging-only")).isTrue();
        assertThat(doc.json().path("components").path("schemas").has("conversationThing")).isTrue();
        assertThat(doc.json().path("components").path("schemas").has("messagingThing")).isTrue();
        assertThat(doc.json().path("x-parley-unavailable").toString()).contains("notification");
        assertThat(doc.json().path("servers").get(0).path("url").asString()).isEqualTo("/");
        assertThat(doc.json().path("components").path("securitySchemes").path("bearerAuth").path("scheme")
                .asString()).isEqualTo("bearer");
    }

    @Test
    void oneServiceDocumentIsServedThroughTheGateway() {
        TestHttp.Response doc = client().get("/v3/api-docs/messaging");

        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.json().path("paths").has("/api/messaging-only")).isTrue();
        assertThat(doc.json().path("servers").get(0).path("url").asString()).isEqualTo("/");
    }

    @Test
    void documentOfAStoppedServiceIsA503Problem() {
        TestHttp.Response doc = client().get("/v3/api-docs/notification");

        assertThat(doc.status()).isEqualTo(503);
        assertThat(doc.code()).isEqualTo("service_unavailable");
    }

    @Test
    void gatewayDocumentsItsOwnDevTokenEndpoint() {
        TestHttp.Response doc = client().get("/v3/api-docs/gateway");

        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.json().path("paths").has("/api/dev/tokens")).isTrue();
    }

    @Test
    void swaggerUiIsServed() {
        GatewayClient client = client();
        TestHttp.Response config = client.get("/v3/api-docs/gateway/swagger-config");
        TestHttp.Response page = client.get("/webjars/swagger-ui/index.html");

        assertThat(config.status()).isEqualTo(200);
        assertThat(config.body()).contains("/v3/api-docs/parley").contains("/v3/api-docs/conversation");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).containsIgnoringCase("swagger");
    }
}
