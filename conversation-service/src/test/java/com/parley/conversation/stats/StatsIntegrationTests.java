package com.parley.conversation.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.parley.conversation.Api;
import com.parley.conversation.ConversationIntegrationTest;
import com.parley.testsupport.ParleyIntegrationTest;
import com.parley.testsupport.TestHttp;

import tools.jackson.databind.JsonNode;

@ParleyIntegrationTest
class StatsIntegrationTests extends ConversationIntegrationTest {

    @Test
    void adminSeesPerStaffWorkloadAndTheClaimRaceStatistics() {
        String staff = Api.unique("s");
        String customer = Api.unique("c");
        String active = api.openAndClaim(customer, staff);
        String resolved = api.openAndClaim(customer, staff);
        api.staff(staff).post("/api/conversations/" + resolved + "/resolve", null);
        assertThat(api.staff(Api.unique("s")).put("/api/conversations/" + active + "/seen", null).status())
                .isEqualTo(409);

        TestHttp.Response report = api.admin("a-stats").get("/api/conversations/stats");

        assertThat(report.status()).as(report.toString()).isEqualTo(200);
        JsonNode json = report.json();
        JsonNode row = null;
        for (JsonNode candidate : json.path("staff")) {
            if (candidate.path("staff").path("id").asString().equals(staff)) {
                row = candidate;
            }
        }
        assertThat(row).as("row of %s in %s", staff, json).isNotNull();
        assertThat(row.path("staff").path("name").asString()).isEqualTo("Staff " + staff);
        assertThat(row.path("handled").asLong()).isEqualTo(2);
        assertThat(row.path("active").asLong()).isEqualTo(1);
        assertThat(row.path("resolved").asLong()).isEqualTo(1);
        JsonNode claims = json.path("claims");
        assertThat(claims.path("won").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(claims.path("conflicts").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(claims.path("attempts").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(claims.path("conflictRate").asDouble()).isPositive();
        assertThat(json.path("queue").path("pendingThreshold").asInt()).isEqualTo(10);
    }

    @Test
    void staffSeeOnlyTheirOwnRowAndCustomersNone() {
        String staff = Api.unique("s");
        api.openAndClaim(Api.unique("c"), staff);
        api.openAndClaim(Api.unique("c"), Api.unique("s"));

        JsonNode own = api.staff(staff).get("/api/conversations/stats").json();
        assertThat(own.path("staff").size()).isEqualTo(1);
        assertThat(own.path("staff").get(0).path("staff").path("id").asString()).isEqualTo(staff);

        TestHttp.Response customer = api.customer(Api.unique("c")).get("/api/conversations/stats");
        assertThat(customer.status()).isEqualTo(403);
        assertThat(customer.code()).isEqualTo("role_not_allowed");
        TestHttp.Response badPeriod = api.admin("a").get("/api/conversations/stats?from=yesterday");
        assertThat(badPeriod.status()).isEqualTo(400);
        assertThat(badPeriod.code()).isEqualTo("invalid_period");
    }

    @Test
    void prometheusExposesClaimOutcomesQueueGaugesThresholdsAndFirstResponseTime() {
        String id = api.openAndClaim(Api.unique("c"), Api.unique("s"));
        api.staff(Api.unique("s")).put("/api/conversations/" + id + "/seen", null);

        String metrics = api.anonymous().get("/actuator/prometheus").body();

        assertThat(metrics).contains("parley_claims_total{application=\"conversation-service\",outcome=\"won\"}")
                .contains("outcome=\"conflict\"")
                .contains("parley_tickets_pending{")
                .contains("parley_tickets_pending_threshold{")
                .contains("parley_staff_overloaded{")
                .contains("parley_staff_active_threshold{")
                .contains("parley_tickets_first_response_seconds")
                .contains("parley_outbox_relayed_total");
    }
}
