package com.parley.identity.signin;

import java.util.Collections;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.HtmlUtils;

/**
 * The sign-in page. Language: the switch on the page (remembered in a cookie, so it survives the form post
 * and the redirect back), else the browser's Accept-Language, else Vietnamese. Errors arrive as a code from the
 * failure handler and are shown as a sentence a person can act on.
 */
@Controller
class SignInController {

    static final String LANGUAGE_COOKIE = "parley_lang";

    @GetMapping(path = "/login", produces = "text/html;charset=UTF-8")
    @ResponseBody
    String page(@RequestParam(required = false) String error, @RequestParam(required = false) String lang,
                @RequestParam(required = false) String logout, HttpServletRequest request,
                HttpServletResponse response) {
        if (lang != null && SignInText.BY_CODE.containsKey(lang)) {
            Cookie cookie = new Cookie(LANGUAGE_COOKIE, lang);
            cookie.setPath("/");
            cookie.setHttpOnly(true);
            cookie.setMaxAge(365 * 24 * 3600);
            cookie.setAttribute("SameSite", "Lax");
            response.addCookie(cookie);
        } else {
            lang = remembered(request);
        }
        List<Locale> accepted = Collections.list(request.getLocales());
        SignInText text = SignInText.choose(lang, accepted);
        String message = logout != null ? text.signedOut() : text.message(error);
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        String switchHref = "/login?lang=" + text.otherLanguageCode() + (error != null ? "&error=" + esc(error) : "");
        return """
                <!doctype html>
                <html lang="%s">
                <head>
                  <meta charset="utf-8">
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <title>%s</title>
                  <link rel="stylesheet" href="/sign-in.css">
                </head>
                <body>
                  <main class="card">
                    <a class="lang" href="%s" hreflang="%s" data-testid="language-switch">%s</a>
                    <h1>%s</h1>
                    <p class="intro">%s</p>
                    %s
                    <form method="post" action="/login">
                      <label for="username">%s</label>
                      <input id="username" name="username" autocomplete="username" required autofocus>
                      <label for="password">%s</label>
                      <input id="password" name="password" type="password" autocomplete="current-password" required>
                      <input type="hidden" name="%s" value="%s">
                      <button type="submit">%s</button>
                    </form>
                  </main>
                </body>
                </html>
                """.formatted(text.lang(), esc(text.title()), switchHref, text.otherLanguageCode(),
                esc(text.otherLanguage()), esc(text.heading()), esc(text.intro()),
                message == null ? "" : "<p class=\"%s\" role=\"alert\" data-testid=\"sign-in-message\">%s</p>"
                        .formatted(logout != null ? "notice" : "error", esc(message)),
                esc(text.username()), esc(text.password()),
                csrf != null ? esc(csrf.getParameterName()) : "_csrf", csrf != null ? esc(csrf.getToken()) : "",
                esc(text.submit()));
    }

    private static String remembered(HttpServletRequest request) {
        if (request.getCookies() == null) {
            return null;
        }
        for (Cookie cookie : request.getCookies()) {
            if (LANGUAGE_COOKIE.equals(cookie.getName())) {
                return cookie.getValue();
            }
        }
        return null;
    }

    private static String esc(String s) {
        return HtmlUtils.htmlEscape(s, "UTF-8");
    }
}
