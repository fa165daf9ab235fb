package com.parley.support.text;

import org.springframework.http.HttpHeaders;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import com.parley.events.text.Language;

/**
 * The language of whoever is reading this response: the request's {@code Accept-Language} (the web apps send the
 * language the user chose with their switch), Vietnamese when it names none of ours or outside a request.
 * Read where a view is built, so controllers and services need no extra parameter.
 */
public final class ReaderLanguage {

    private ReaderLanguage() {
    }

    public static Language current() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            return Language.fromAcceptLanguage(attributes.getRequest().getHeader(HttpHeaders.ACCEPT_LANGUAGE));
        }
        return Language.DEFAULT;
    }
}
