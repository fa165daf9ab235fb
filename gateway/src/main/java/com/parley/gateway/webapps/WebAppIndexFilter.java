package com.parley.gateway.webapps;

import java.util.Set;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * WebFlux serves {@code index.html} only for "/": this lets the short addresses of the web apps
 * ({@code /widget/}, {@code /dashboard}, {@code /seller/}) work too, by serving their index page.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class WebAppIndexFilter implements WebFilter {

    private static final Set<String> APPS = Set.of("widget", "dashboard", "seller");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        String app = path.replaceAll("^/|/$", "");
        if (APPS.contains(app)) {
            ServerWebExchange forwarded = exchange.mutate()
                    .request(exchange.getRequest().mutate().path("/" + app + "/index.html").build())
                    .build();
            return chain.filter(forwarded);
        }
        return chain.filter(exchange);
    }
}
