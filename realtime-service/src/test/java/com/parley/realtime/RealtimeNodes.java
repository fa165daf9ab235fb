package com.parley.realtime;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import com.parley.realtime.fanout.FanoutReadiness;
import com.parley.testsupport.InfrastructureInitializer;

/**
 * The second realtime instance ("node-b"): a full application context of its own on another random port, on
 * the same Kafka broker and Redis as the test's context ("node-a"). Started once per test JVM.
 */
final class RealtimeNodes {

    private static ConfigurableApplicationContext nodeB;

    private RealtimeNodes() {
    }

    static synchronized ConfigurableApplicationContext nodeB() {
        if (nodeB == null) {
            nodeB = new SpringApplicationBuilder(RealtimeApplication.class)
                    .initializers(new InfrastructureInitializer())
                    .run("--server.port=0", "--parley.realtime.node-id=node-b");
        }
        return nodeB;
    }

    static int portOfNodeB() {
        return ((WebServerApplicationContext) nodeB()).getWebServer().getPort();
    }

    /** Waits until both nodes' consumers own their partitions, so no event published afterwards is missed. */
    static void awaitFanoutReady(ConfigurableApplicationContext... nodes) {
        for (ConfigurableApplicationContext node : nodes) {
            await().atMost(Duration.ofSeconds(60)).until(() -> node.getBean(FanoutReadiness.class).ready());
        }
    }
}
