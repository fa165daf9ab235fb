package com.parley.messaging.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ContactMaskerTests {

    private final ContactMasker masker = new ContactMasker();

    @ParameterizedTest(name = "masks phone {0}")
    @ValueSource(strings = {
            "0912 345 678", "0912345678", "0912.345.678", "0912-345-678", "+84 912 345 678", "+84912345678",
            "84912345678", "(+84) 912 345 678", "0084 912 345 678", "+84 (0) 912 345 678", "09 12 34 56 78",
            "0 9 1 2 3 4 5 6 7 8", "0386 123 456", "024 3826 1234", "028.3822.1234", "+1 415 555 2671",
            "+44 20 7946 0958", "+44 (0)20 7946 0958", "+33 6 12 34 56 78", "(415) 555-2671", "415-555-2671",
            "1-415-555-2671", "0044 20 7946 0958", "+65 9123 4567"})
    void masksPhoneNumbersInEveryCommonFormat(String phone) {
        String text = "Liên hệ mình qua số " + phone + " nhé";

        assertThat(masker.mask(text, kind -> { })).isEqualTo("Liên hệ mình qua số " + ContactMasker.PHONE_MASK + " nhé");
        assertThat(masker.kindsIn(text)).containsExactly("phone");
    }

    @ParameterizedTest(name = "masks phone glued to punctuation {0}")
    @ValueSource(strings = {"SĐT:0912345678", "(0912 345 678)", "gọi 0912345678.", "số 0912345678, cảm ơn"})
    void masksPhoneNumbersNextToPunctuation(String text) {
        assertThat(masker.mask(text, kind -> { })).contains(ContactMasker.PHONE_MASK).doesNotContain("345");
    }

    @ParameterizedTest(name = "masks e-mail {0}")
    @ValueSource(strings = {
            "nguyen.van.a@gmail.com", "shop_ban-hang+vip@example.com.vn", "Seller@Shop.VN", "lan @ gmail . com",
            "lan at gmail dot com", "lan [at] gmail [dot] com", "lan(at)gmail(dot)com", "lan a còng gmail chấm com",
            "lan＠gmail.com"})
    void masksEmailAddressesAndCommonObfuscations(String email) {
        String text = "Email mình: " + email + " nha";

        assertThat(masker.mask(text, kind -> { })).isEqualTo("Email mình: " + ContactMasker.EMAIL_MASK + " nha");
        assertThat(masker.kindsIn(text)).containsExactly("email");
    }

    @ParameterizedTest(name = "leaves {0} alone")
    @ValueSource(strings = {
            "Đơn ORD-20261122-0042 đã giao", "Mã đơn #100234", "Giá 1.250.000đ", "Giá 1.250.000 ₫", "Total $1,299.99",
            "2.500.000 VND", "Tổng 12.500.000 VND cho 3 sản phẩm", "Ngày 22/11/2026", "Hẹn 2026-11-22 10:30",
            "Giao ngày 22.11.2026", "Mã vận đơn SPXVN0123456789", "Tracking 1Z999AA10123456784",
            "Vận đơn GHN: LBXY7K9Q", "Mã vận đơn 0312345678901", "Kích thước 30 x 40 x 50 cm", "Size 42, màu đen",
            "SKU 8935049501234", "Số lượng: 2, đơn giá 150.000đ", "Giờ mở cửa 08:00 - 21:30", "Version 4.0.7",
            "IP 192.168.1.10", "Mã giảm giá SALE2026", "at the shop dot entrance", "Call me at noon",
            "Tăng +10 000 000 VND", "Giảm +12.500.000đ", "+15.000.000 đồng", "Doanh thu +25 000 000 vnđ"})
    void leavesOrderNumbersPricesDatesAndCodesAlone(String text) {
        assertThat(masker.mask(text, kind -> { })).isEqualTo(text);
    }

    @Test
    void masksEveryContactInOneMessageAndKeepsTheRest() {
        String text = "Đơn ORD-20261122-0042 giá 1.250.000đ, gọi 0912 345 678 hoặc mail a.b@shop.vn trước 22/11";

        assertThat(masker.mask(text, kind -> { })).isEqualTo("Đơn ORD-20261122-0042 giá 1.250.000đ, gọi "
                + ContactMasker.PHONE_MASK + " hoặc mail " + ContactMasker.EMAIL_MASK + " trước 22/11");
        assertThat(masker.kindsIn(text)).containsExactlyInAnyOrder("phone", "email");
    }

    @Test
    void phoneNextToAPriceIsMaskedWithoutEatingThePrice() {
        assertThat(masker.mask("0912345678 1.250.000đ", kind -> { }))
                .isEqualTo(ContactMasker.PHONE_MASK + " 1.250.000đ");
    }

    @Test
    void flagsBannedKeywordsIgnoringCaseAndDiacritics() {
        KeywordFlagger flagger = new KeywordFlagger(List.of("zalo", "ngoài sàn", "chuyển khoản trực tiếp"));

        assertThat(flagger.find("Add ZALO mình nhé, giao dịch NGOAI   SAN cho rẻ")).containsExactly("zalo", "ngoài sàn");
        assertThat(flagger.find("Chuyển khoản trực tiếp được không?")).containsExactly("chuyển khoản trực tiếp");
        assertThat(flagger.find("zalopay là ví")).isEmpty();
    }
}
