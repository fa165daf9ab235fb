package com.parley.realtime.system;

import java.util.List;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

import com.parley.realtime.connection.ConnectionListener;
import com.parley.realtime.connection.ConnectionMetrics;
import com.parley.realtime.connection.Frames;
import com.parley.realtime.connection.InboundFrameHandler;
import com.parley.realtime.connection.Keepalive;
import com.parley.realtime.connection.LocalConnections;
import com.parley.realtime.connection.SocketHandler;
import com.parley.realtime.connection.TokenHandshakeInterceptor;

/** {@code /ws}: plain WebSocket (no STOMP, no SockJS), JSON text frames, token checked before the upgrade. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfiguration implements WebSocketConfigurer {

    private final SocketHandler handler;
    private final TokenHandshakeInterceptor authentication;
    private final RealtimeProperties properties;

    WebSocketConfiguration(LocalConnections connections, List<ConnectionListener> listeners,
                           List<InboundFrameHandler> handlers, Frames frames, Keepalive keepalive,
                           ConnectionMetrics metrics, TokenHandshakeInterceptor authentication,
                           RealtimeProperties properties) {
        this.handler = new SocketHandler(connections, listeners, handlers, frames, keepalive, metrics, properties);
        this.authentication = authentication;
        this.properties = properties;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(handler, "/ws")
                .addInterceptors(authentication)
                .setAllowedOriginPatterns(properties.allowedOrigins().toArray(String[]::new));
    }

    /** Frame size limit: Tomcat closes a socket that sends a bigger text frame with 1009. */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        int maxFrame = (int) properties.maxFrameSize().toBytes();
        container.setMaxTextMessageBufferSize(maxFrame);
        container.setMaxBinaryMessageBufferSize(1024);
        container.setAsyncSendTimeout(properties.sendTimeLimit().toMillis());
        return container;
    }

    /** On shutdown, close sockets with 1001 first, so clients reconnect elsewhere and resume. */
    @Bean
    SmartLifecycle closeSocketsOnShutdown() {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                running = true;
            }

            @Override
            public void stop() {
                running = false;
                handler.closeAll();
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                // before the web server's graceful shutdown
                return Integer.MAX_VALUE - 100;
            }
        };
    }
}
