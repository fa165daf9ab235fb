package com.parley.support.problem;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import com.parley.support.text.ContentLanguageFilter;

@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import(ProblemDetailsAdvice.class)
public class ProblemConfiguration {

    /** Every servlet response says the language of its server-written text (see ReaderLanguage). */
    @Bean
    ContentLanguageFilter contentLanguageFilter() {
        return new ContentLanguageFilter();
    }

    @Bean
    ProblemResponses problemResponses() {
        return new ProblemResponses();
    }
}
