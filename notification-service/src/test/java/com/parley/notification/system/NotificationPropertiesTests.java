package com.parley.notification.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class NotificationPropertiesTests {

    @Test
    void emptySettingsBindToSafeLocalDefaults() {
        NotificationProperties properties = bind(Map.of("parley.notification.ticket-alerts.recipients", ""));
        assertThat(properties.coalescing().window()).isEqualTo(Duration.ofSeconds(60));
        assertThat(properties.delivery().rounds()).isEqualTo(6);
        assertThat(properties.delivery().deadLetterTopic()).isEqualTo("parley.notifications-dlt");
        assertThat(properties.push().allowInsecureEndpoints()).isFalse();
        assertThat(properties.ticketAlerts().recipients()).isEmpty();
    }

    @Test
    void ticketAlertRecipientsAreACommaSeparatedList() {
        assertThat(bind(Map.of("parley.notification.ticket-alerts.recipients", "staff-1,staff-2"))
                .ticketAlerts().recipients()).containsExactly("staff-1", "staff-2");
    }

    private static NotificationProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("parley.notification", NotificationProperties.class);
    }
}
