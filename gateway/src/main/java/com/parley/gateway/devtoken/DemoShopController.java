package com.parley.gateway.devtoken;

import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Local profile only: tells the demo storefront page ({@code /widget/}) where its stand-in "shop login" issues
 * customer tokens (the local identity provider). A real storefront has its own login; the widget itself never
 * asks for tokens, it receives them from the page (docs/STOREFRONT-TOKENS.md).
 */
@RestController
@Profile("local")
class DemoShopController {

    private final String tokenUrl;

    DemoShopController(@Value("${parley.gateway.demo-shop.token-url:}") String tokenUrl) {
        this.tokenUrl = tokenUrl;
    }

    @GetMapping(path = "/demo-shop/config.json", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, String> config() {
        return Map.of("tokenUrl", tokenUrl);
    }
}
