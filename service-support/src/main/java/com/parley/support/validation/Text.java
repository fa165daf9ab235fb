package com.parley.support.validation;

/**
 * What counts as text a person wrote: well-formed UTF-16 (no lone surrogates), no control characters other
 * than tab and line breaks, and at least one visible character. {@code @NotBlank} lets "\u200B\u202E" or a NUL
 * through; users would see an empty bubble.
 */
public final class Text {

    private Text() {
    }

    /** No lone surrogates and no control characters except tab, CR and LF. */
    public static boolean isWellFormed(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            } else if (Character.getType(c) == Character.CONTROL && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    /** At least one code point that is neither whitespace, nor a format, control or unassigned character. */
    public static boolean hasVisibleCharacter(String value) {
        return value.codePoints().anyMatch(cp -> {
            int type = Character.getType(cp);
            return !Character.isWhitespace(cp) && !Character.isSpaceChar(cp)
                    && type != Character.FORMAT && type != Character.CONTROL && type != Character.UNASSIGNED
                    && type != Character.SURROGATE && type != Character.PRIVATE_USE;
        });
    }

    public static boolean isReadable(String value) {
        return value != null && isWellFormed(value) && hasVisibleCharacter(value);
    }
}
