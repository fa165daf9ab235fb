package com.parley.messaging.attachment;

import java.io.IOException;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.parley.messaging.system.MessagingProperties;

/** The local filesystem store unless another {@link AttachmentStore} bean (e.g. an S3 one) is declared. */
@Configuration(proxyBeanMethods = false)
class AttachmentStoreConfiguration {

    @Bean
    @ConditionalOnMissingBean(AttachmentStore.class)
    LocalFileAttachmentStore localFileAttachmentStore(MessagingProperties properties) throws IOException {
        return new LocalFileAttachmentStore(properties.attachments().directoryOrDefault());
    }
}
