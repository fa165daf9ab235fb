package com.parley.support.text;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import com.parley.events.text.Language;

/**
 * Says which language a response's server-written text is in ({@code Content-Language}) and that it depends on
 * {@code Accept-Language}, so a cache never hands one reader's language to another.
 */
public class ContentLanguageFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader(HttpHeaders.CONTENT_LANGUAGE,
                Language.fromAcceptLanguage(request.getHeader(HttpHeaders.ACCEPT_LANGUAGE)).tag());
        response.addHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE);
        chain.doFilter(request, response);
    }
}
