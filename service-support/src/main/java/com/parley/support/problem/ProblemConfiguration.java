package com.parley.support.problem;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import(ProblemDetailsAdvice.class)
public class ProblemConfiguration {

    /** Every servlet response says the language of its server-written text (see ReaderLanguage). */
    @Bean
    com.parley.support.text.ContentLanguageFilter contentLanguageFilter() {
        return new com.parley.support.text.ContentLanguageFilter();
    }

    @Bean
    ProblemResponses problemResponses() {
        return new ProblemResponses();
    }
}
