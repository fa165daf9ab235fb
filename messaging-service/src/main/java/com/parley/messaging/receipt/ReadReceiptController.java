package com.parley.messaging.receipt;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.parley.support.security.CurrentUser;

/**
 * {@code POST /api/conversations/{id}/read {upToSeq}} records the caller's receipt;
 * {@code GET /api/conversations/{id}/read} lists who read how far (for "seen" ticks).
 */
@RestController
class ReadReceiptController {

    private final ReadReceiptService receipts;

    ReadReceiptController(ReadReceiptService receipts) {
        this.receipts = receipts;
    }

    record ReadRequest(@NotNull @Min(1) Long upToSeq) {
    }

    record ReaderView(String readerId, String readerName, String readerType, long upToSeq, java.time.Instant readAt) {
    }

    @PostMapping("/api/conversations/{conversationId}/read")
    ReadReceiptService.Receipt read(@PathVariable String conversationId, @Valid @RequestBody ReadRequest request,
                                    CurrentUser user) {
        return receipts.markRead(conversationId, user, request.upToSeq());
    }

    @GetMapping("/api/conversations/{conversationId}/read")
    java.util.Map<String, List<ReaderView>> readers(@PathVariable String conversationId, CurrentUser user) {
        return java.util.Map.of("items", receipts.receipts(conversationId, user).stream()
                .map(r -> new ReaderView(r.readerId(), r.readerName(), r.readerType(), r.upToSeq(), r.readAt()))
                .toList());
    }
}
