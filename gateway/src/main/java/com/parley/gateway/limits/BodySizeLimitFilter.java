package com.parley.gateway.limits;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import com.parley.gateway.system.GatewayProperties;
import com.parley.gateway.system.ProblemWriter;

/**
 * Refuses request bodies over the limit with 413 before they reach a service: from Content-Length when it
 * says so, and while streaming for chunked bodies that declare no length. Uploads
 * ({@code /api/conversations/{id}/attachments}, {@code /api/attachments/**}) have their own, larger limit.
 */
@Component
class BodySizeLimitFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(BodySizeLimitFilter.class);

    private static final List<PathPattern> UPLOADS = Stream.of("/api/conversations/*/attachments",
            "/api/attachments", "/api/attachments/**").map(PathPatternParser.defaultInstance::parse).toList();

    private final GatewayProperties.Limits limits;
    private final ProblemWriter problems;
    private final MeterRegistry meters;

    BodySizeLimitFilter(GatewayProperties properties, ProblemWriter problems, MeterRegistry meters) {
        this.limits = properties.limits();
        this.problems = problems;
        this.meters = meters;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long limit = isUpload(request) ? limits.maxUpload().toBytes() : limits.maxBody().toBytes();
        long declared = request.getHeaders().getContentLength();
        if (declared > limit) {
            if (declared > limits.drainUpTo().toBytes()) {
                closeAfterResponse(exchange); // not worth reading: the client may see a reset instead of the 413
                return tooLarge(exchange, limit);
            }
            // Answering while the client still sends, then closing, resets the connection under the client's
            // feet (ECONNRESET instead of the 413). Read the declared body into the void first: the client then
            // reads the problem, and the connection stays usable.
            return request.getBody().doOnNext(DataBufferUtils::release)
                    .then(Mono.defer(() -> tooLarge(exchange, limit)));
        }
        if (declared >= 0) {
            return chain.filter(exchange);
        }
        // no declared length (chunked): count while the body streams through
        ServerHttpRequest counted = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                AtomicLong seen = new AtomicLong();
                return super.getBody().map(buffer -> {
                    if (seen.addAndGet(buffer.readableByteCount()) > limit) {
                        DataBufferUtils.release(buffer);
                        closeAfterResponse(exchange);
                        meters.counter("parley.gateway.body.too.large").increment();
                        throw new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE,
                                "The request body is larger than " + limit + " bytes");
                    }
                    return buffer;
                });
            }
        };
        return chain.filter(exchange.mutate().request(counted).build());
    }

    private static boolean isUpload(ServerHttpRequest request) {
        PathContainer path = request.getPath().pathWithinApplication();
        return UPLOADS.stream().anyMatch(pattern -> pattern.matches(path));
    }

    /**
     * The rest of a refused body is never read; on a kept-alive connection the client's next request would
     * queue behind it and hang, so the connection ends with this response.
     */
    private static void closeAfterResponse(ServerWebExchange exchange) {
        if (!exchange.getResponse().isCommitted()) {
            exchange.getResponse().getHeaders().set("Connection", "close");
        }
    }

    private Mono<Void> tooLarge(ServerWebExchange exchange, long limit) {
        meters.counter("parley.gateway.body.too.large").increment();
        log.debug("Refused a {} byte body on {}", exchange.getRequest().getHeaders().getContentLength(),
                exchange.getRequest().getPath());
        return problems.write(exchange, HttpStatus.CONTENT_TOO_LARGE, "payload_too_large",
                "The request body is larger than " + limit + " bytes");
    }

    @Override
    public int getOrder() {
        return -300; // first of all: nothing else should spend time on a body that will be refused
    }
}
