package com.parley.messaging.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import com.parley.messaging.support.ConversationServiceStub;
import com.parley.messaging.support.MessagingIntegrationTest;
import com.parley.testsupport.TestHttp;

import tools.jackson.databind.JsonNode;

class AttachmentIntegrationTests extends MessagingIntegrationTest {

    static final byte[] PNG = bytes(new int[] {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R'}, 64);
    static final byte[] PDF = bytes(new int[] {'%', 'P', 'D', 'F', '-', '1', '.', '7', '\n'}, 64);

    @Test
    void anImageIsUploadedAttachedToAMessageAndDownloadableByTheOtherPartyOnly() {
        String conversation = thread("buyer-a", "seller-a");
        TestHttp buyer = as(buyerToken("buyer-a"));

        TestHttp.Response uploaded = upload(buyer, conversation, "ảnh giày.png", "image/png", PNG);
        assertThat(uploaded.status()).isEqualTo(201);
        JsonNode attachment = uploaded.json();
        assertThat(attachment.path("contentType").asString()).isEqualTo("image/png");
        assertThat(attachment.path("size").asLong()).isEqualTo(PNG.length);

        TestHttp.Response sent = buyer.post("/api/conversations/" + conversation + "/messages", Map.of(
                "content", "Mẫu này còn không?", "clientMessageId", "a-1",
                "attachments", List.of(attachment.path("id").asString())));
        assertThat(sent.status()).isEqualTo(201);
        assertThat(sent.json().path("type").asString()).isEqualTo("image");
        assertThat(sent.json().path("attachments").get(0).path("url").asString())
                .isEqualTo("/api/attachments/" + attachment.path("id").asString());

        TestHttp.Response download = as(sellerToken("seller-a")).get(attachment.path("url").asString());
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.contentType()).isEqualTo("image/png");
        assertThat(download.header("X-Content-Type-Options")).contains("nosniff");
        assertThat(download.body().getBytes(StandardCharsets.ISO_8859_1).length).isEqualTo(PNG.length);

        ConversationServiceStub.get().answer(conversation, 403, "{}");
        TestHttp.Response stranger = as(buyerToken("buyer-stranger")).get(attachment.path("url").asString());
        assertThat(stranger.status()).isEqualTo(403);
        assertThat(as(buyerToken("buyer-a")).get("/api/attachments/nope").code()).isEqualTo("attachment_not_found");
    }

    @Test
    void spoofedOversizedAndForeignFilesAreRefusedAndLeaveNothingBehind() throws Exception {
        String conversation = thread("buyer-a2", "seller-a2");
        TestHttp buyer = as(buyerToken("buyer-a2"));
        long filesBefore = fileCount();

        TestHttp.Response executable = upload(buyer, conversation, "cute-cat.png", "image/png",
                bytes(new int[] {'M', 'Z', 0x90, 0}, 128));
        TestHttp.Response html = upload(buyer, conversation, "photo.png", "image/png",
                "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8));
        TestHttp.Response pdfAsPng = upload(buyer, conversation, "invoice.png", "image/png", PDF);
        TestHttp.Response huge = upload(buyer, conversation, "big.png", "image/png", bytes(new int[] {0x89, 'P', 'N', 'G',
                0x0D, 0x0A, 0x1A, 0x0A}, 65 * 1024));
        TestHttp.Response outsider = upload(as(buyerToken("buyer-out")), conversation, "a.png", "image/png", PNG);

        assertThat(executable.status()).isEqualTo(415);
        assertThat(executable.code()).isEqualTo("unsupported_attachment_type");
        assertThat(html.code()).isEqualTo("unsupported_attachment_type");
        assertThat(pdfAsPng.status()).isEqualTo(415);
        assertThat(pdfAsPng.code()).isEqualTo("attachment_type_mismatch");
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.code()).isEqualTo("attachment_too_large");
        assertThat(outsider.status()).isIn(403, 404);
        assertThat(mongo.count(new Query(Criteria.where("conversationId").is(conversation)), "attachments")).isZero();
        assertThat(fileCount()).isEqualTo(filesBefore);

        // a message may only carry the sender's own uploads to this conversation
        String other = thread("buyer-a2", "seller-a3");
        String foreign = upload(buyer, other, "ok.pdf", "application/pdf", PDF).json().path("id").asString();
        TestHttp.Response borrowed = buyer.post("/api/conversations/" + conversation + "/messages",
                Map.of("content", "see", "clientMessageId", "a2-1", "attachments", List.of(foreign)));
        assertThat(borrowed.code()).isEqualTo("invalid_attachment");
        assertThat(storedMessages(conversation)).isZero();
    }

    private long fileCount() throws Exception {
        try (var files = Files.list(attachmentsDirectory())) {
            return files.count();
        }
    }

    private TestHttp.Response upload(TestHttp caller, String conversationId, String name, String type, byte[] content) {
        String boundary = "----parley" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return caller.send(caller.request("/api/conversations/" + conversationId + "/attachments")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    private static byte[] bytes(int[] head, int length) {
        byte[] data = new byte[Math.max(length, head.length)];
        Arrays.fill(data, (byte) 'x');
        for (int i = 0; i < head.length; i++) {
            data[i] = (byte) head[i];
        }
        return data;
    }
}
