package com.parley.identity.signin;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Every word of the sign-in page, in Vietnamese (the product's default) and English. */
record SignInText(String lang, String title, String heading, String intro, String username, String password,
                  String submit, String badCredentials, String locked, String signedOut, String failed,
                  String otherLanguage, String otherLanguageCode) {

    static final SignInText VI = new SignInText("vi", "Đăng nhập · Parley", "Đăng nhập Parley",
            "Dành cho nhân viên CSKH, quản trị viên và người bán.", "Tên đăng nhập", "Mật khẩu", "Đăng nhập",
            "Tên đăng nhập hoặc mật khẩu không đúng. Vui lòng thử lại.",
            "Tài khoản này đang bị khoá. Hãy liên hệ quản trị viên, hoặc thử lại sau 15 phút nếu bạn vừa nhập sai mật khẩu nhiều lần.",
            "Bạn đã đăng xuất.", "Không đăng nhập được. Vui lòng thử lại.", "English", "en");

    static final SignInText EN = new SignInText("en", "Sign in · Parley", "Sign in to Parley",
            "For support staff, administrators and sellers.", "Username", "Password", "Sign in",
            "Wrong username or password. Please try again.",
            "This account is locked. Contact an administrator, or try again in 15 minutes if you just mistyped the password several times.",
            "You are signed out.", "Could not sign in. Please try again.", "Tiếng Việt", "vi");

    /** {@code lang} (a switch the person chose) wins; otherwise the browser's Accept-Language; otherwise Vietnamese. */
    static SignInText choose(String lang, List<Locale> accepted) {
        if ("en".equals(lang)) {
            return EN;
        }
        if ("vi".equals(lang)) {
            return VI;
        }
        for (Locale locale : accepted) {
            if ("vi".equals(locale.getLanguage())) {
                return VI;
            }
            if ("en".equals(locale.getLanguage())) {
                return EN;
            }
        }
        return VI;
    }

    String message(String error) {
        return switch (error == null ? "" : error) {
            case "bad_credentials" -> badCredentials;
            case "locked" -> locked;
            case "" -> null;
            default -> failed;
        };
    }

    static final Map<String, SignInText> BY_CODE = Map.of("vi", VI, "en", EN);
}
