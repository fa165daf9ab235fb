package com.parley.messaging.moderation;

import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks phone numbers and e-mail addresses so trade stays on the platform. Written to prefer a missed exotic
 * phone format over masking an order number, a price, a date or a tracking code: every pattern needs a clear
 * phone shape (a Vietnamese prefix and length, a {@code +}/{@code 00} country code, or North American 3-3-4
 * grouping) and clean boundaries (no letter, digit, {@code #}, {@code /}, {@code .} or {@code ,} glued on).
 */
public final class ContactMasker {

    public static final String PHONE_MASK = "[phone hidden]";
    public static final String EMAIL_MASK = "[email hidden]";

    /** One optional separator between digits: space, dot, hyphen, no-break space. */
    private static final String S = "[ .\\-\\u00A0]?";
    private static final String LEFT = "(?<![\\p{L}\\p{N}#/.,_@+])(?<![\\p{L}\\p{N}]-)";
    /** Not glued to more text, and not an amount: "+10 000 000 VND" is a price, not a phone number. */
    private static final String RIGHT = "(?![\\p{L}\\p{N}@_%₫đ]|[.,/:\\-]\\p{N})"
            + "(?!\\s?(?:đ|₫|vnd|vnđ|usd|eur|k|tr|triệu|nghìn|ngàn|đồng|%)(?![\\p{L}]))";

    private static final Pattern PHONE = Pattern.compile(LEFT + "(?:"
            // Vietnam: 0 / 84 / +84 / (+84) / 0084, then a mobile (3,5,7,8,9 + 8 digits) or landline (2 + 9 digits)
            + "(?:\\(\\+84\\)|\\+84|0084|84|0)" + S + "(?:\\(0\\)" + S + ")?"
            + "(?:[35789](?:" + S + "\\d){8}|2(?:" + S + "\\d){9})"
            // international with + : country code then 2-6 groups (digit count checked below)
            + "|\\+\\(?\\d{1,3}\\)?(?:" + S + "\\(?\\d{1,5}\\)?){2,6}"
            // international with 00 instead of +
            + "|00[1-9]\\d{0,2}(?:" + S + "\\(?\\d{1,5}\\)?){2,6}"
            // North America: (415) 555-2671, 415-555-2671, 1-415-555-2671
            + "|(?:1[ .\\-])?(?:\\([2-9]\\d{2}\\)[ .\\-]?|[2-9]\\d{2}[ .\\-])\\d{3}[ .\\-]\\d{4}"
            + ")" + RIGHT, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private static final String LOCAL = "[\\p{L}\\p{N}._%+\\-]+";
    private static final String LABEL = "[\\p{L}\\p{N}\\-]+";
    private static final String AT = "(?:\\s*(?:@|＠|\\((?:at|a)\\)|\\[(?:at|a)\\]|\\{at\\})\\s*|\\s+(?:at|a còng|a cong|acong)\\s+)";
    private static final String DOT = "(?:\\s*(?:\\.|\\((?:dot|chấm)\\)|\\[(?:dot|chấm)\\]|\\{dot\\})\\s*|\\s+(?:dot|chấm|cham)\\s+)";
    private static final Pattern EMAIL = Pattern.compile(
            "(?<![\\p{L}\\p{N}._%+\\-])" + LOCAL + AT + LABEL + "(?:" + DOT + LABEL + ")*" + DOT + "\\p{L}{2,10}(?![\\p{L}\\p{N}])",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** The text with every e-mail address and phone number replaced; {@code found} hears each kind masked. */
    public String mask(String text, Consumer<String> found) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String withoutEmails = replace(EMAIL, text, m -> true, EMAIL_MASK, () -> found.accept("email"));
        return replace(PHONE, withoutEmails, ContactMasker::plausiblePhone, PHONE_MASK, () -> found.accept("phone"));
    }

    public List<String> kindsIn(String text) {
        List<String> kinds = new java.util.ArrayList<>();
        mask(text, kinds::add);
        return kinds;
    }

    /** Country-code forms must have a phone's length (8-15 digits, E.164; 00 adds two). */
    private static boolean plausiblePhone(String match) {
        long digits = match.chars().filter(Character::isDigit).count();
        if (match.startsWith("+") && !match.startsWith("+84")) {
            return digits >= 8 && digits <= 15;
        }
        if (match.startsWith("00") && !match.startsWith("0084")) {
            return digits >= 10 && digits <= 17;
        }
        return true;
    }

    private static String replace(Pattern pattern, String text, java.util.function.Predicate<String> accept,
                                  String mask, Runnable onMask) {
        Matcher matcher = pattern.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        while (matcher.find()) {
            if (!accept.test(matcher.group())) {
                continue;
            }
            out.append(text, last, matcher.start()).append(mask);
            last = matcher.end();
            onMask.run();
        }
        return last == 0 ? text : out.append(text, last, text.length()).toString();
    }
}
