package com.parley.conversation.list;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.parley.conversation.Api;
import com.parley.conversation.ConversationIntegrationTest;
import com.parley.testsupport.ParleyIntegrationTest;
import com.parley.testsupport.TestHttp;

import tools.jackson.databind.JsonNode;

@ParleyIntegrationTest
class ListIntegrationTests extends ConversationIntegrationTest {

    @Test
    void pendingListServesHigherPriorityFirstThenLongestWaitingAcrossPages() {
        String customer = Api.unique("c");
        String low = api.open(customer, "low");
        String urgent1 = api.open(customer, "urgent");
        String medium = api.open(customer, "medium");
        String urgent2 = api.open(customer, "urgent");
        String high = api.open(customer, "high");

        List<JsonNode> all = pageThrough(api.staff("s-lister"), "pending", 2);

        List<String> ids = all.stream().map(n -> n.path("id").asString()).toList();
        assertThat(new HashSet<>(ids)).as("no item twice across pages").hasSize(ids.size());
        assertThat(ids.stream().filter(Set.of(low, urgent1, medium, urgent2, high)::contains))
                .containsExactly(urgent1, urgent2, high, medium, low);
        assertThat(all).allSatisfy(n -> assertThat(n.path("status").asString()).isEqualTo("pending"));
        List<Integer> ranks = all.stream().map(n -> rank(n.path("priority").asString())).toList();
        assertThat(ranks).isSorted();
        TestHttp.Response counts = api.staff("s-lister").get("/api/conversations/counts");
        assertThat(counts.json().path("pending").asLong()).isEqualTo(all.size());
    }

    @Test
    void mineAndResolvedFollowTheCallersTicketsAndCountsMatch() {
        String staff = Api.unique("s");
        String customer = Api.unique("c");
        String kept = api.openAndClaim(customer, staff);
        String done = api.openAndClaim(customer, staff);
        assertThat(api.staff(staff).post("/api/conversations/" + done + "/resolve", null).status()).isEqualTo(200);

        assertThat(pageThrough(api.staff(staff), "mine", 10)).extracting(n -> n.path("id").asString())
                .containsExactly(kept);
        assertThat(pageThrough(api.staff(staff), "resolved", 10)).extracting(n -> n.path("id").asString())
                .containsExactly(done);
        JsonNode counts = api.staff(staff).get("/api/conversations/counts").json();
        assertThat(counts.path("mine").asLong()).isEqualTo(1);
        assertThat(counts.path("resolved").asLong()).isEqualTo(1);
    }

    @Test
    void aCustomerListsOnlyTheirOwnTicketsWhateverTheView() {
        String customer = Api.unique("c");
        String mine1 = api.open(customer, "low");
        String mine2 = api.openAndClaim(customer, "s-x");
        api.open(Api.unique("c"), "urgent");

        for (String view : List.of("pending", "all")) {
            List<JsonNode> items = pageThrough(api.customer(customer), view, 10);
            assertThat(items).allSatisfy(n -> assertThat(n.path("customer").path("id").asString()).isEqualTo(customer));
        }
        assertThat(pageThrough(api.customer(customer), "all", 10)).extracting(n -> n.path("id").asString())
                .containsExactlyInAnyOrder(mine1, mine2);
        JsonNode counts = api.customer(customer).get("/api/conversations/counts").json();
        assertThat(counts.path("pending").asLong()).isEqualTo(1);
        assertThat(counts.path("mine").asLong()).isEqualTo(1);
        assertThat(counts.path("resolved").asLong()).isZero();
    }

    @Test
    void allIsForAdminsAndBadParametersGetStableCodes() {
        api.open(Api.unique("c"), "low");
        TestHttp.Response pending = api.staff("s-1").get("/api/conversations?view=pending&limit=1");
        String pendingCursor = pending.json().path("nextCursor").asString();

        assertThat(api.admin("a-1").get("/api/conversations?view=all").status()).isEqualTo(200);
        assertCode(api.staff("s-1").get("/api/conversations?view=all"), 403, "role_not_allowed");
        assertCode(api.staff("s-1").get("/api/conversations?view=everything"), 400, "invalid_view");
        assertCode(api.staff("s-1").get("/api/conversations?limit=0"), 400, "invalid_limit");
        assertCode(api.staff("s-1").get("/api/conversations?limit=abc"), 400, "invalid_parameter");
        assertCode(api.staff("s-1").get("/api/conversations?cursor=garbage!"), 400, "invalid_cursor");
        assertCode(api.staff("s-1").get("/api/conversations?view=mine&cursor=" + pendingCursor), 400, "invalid_cursor");
        assertCode(api.anonymous().get("/api/conversations"), 401, "unauthenticated");
    }

    private static void assertCode(TestHttp.Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.code()).isEqualTo(code);
    }

    private static List<JsonNode> pageThrough(TestHttp caller, String view, int limit) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 1_000; page++) {
            TestHttp.Response response = caller.get("/api/conversations?view=" + view + "&limit=" + limit
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            JsonNode json = response.json();
            json.path("items").forEach(items::add);
            assertThat(json.path("items").size()).isLessThanOrEqualTo(limit);
            if (json.path("nextCursor").isNull()) {
                return items;
            }
            cursor = json.path("nextCursor").asString();
        }
        throw new AssertionError("too many pages");
    }

    private static int rank(String priority) {
        return List.of("urgent", "high", "medium", "low").indexOf(priority);
    }
}
