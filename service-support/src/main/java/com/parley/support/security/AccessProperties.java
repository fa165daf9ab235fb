package com.parley.support.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param publicPaths paths the service's security chain lets through without a bearer token, besides health,
 *                    metrics and API docs; the handler behind them must authenticate by itself (e.g. the
 *                    realtime service's WebSocket handshake, where browsers cannot send an Authorization header)
 */
@ConfigurationProperties("parley.security")
public record AccessProperties(@DefaultValue List<String> publicPaths) {
}
