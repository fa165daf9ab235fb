package com.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.parley.testsupport.TestHttp;

/** The web apps are served from the gateway's origin, at their short addresses too. */
class WebAppsTests extends GatewayIntegrationTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/widget/", "/widget", "/dashboard/", "/seller/", "/seller/index.html"})
    void appPagesAreServedWithoutAToken(String path) {
        TestHttp.Response response = client().get(path);

        assertThat(response.status()).as(path).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/html");
        assertThat(response.body()).contains("<meta charset=\"utf-8\">");
    }
}
