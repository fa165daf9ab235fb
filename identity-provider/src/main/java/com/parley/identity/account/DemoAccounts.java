package com.parley.identity.account;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The demo people of the local stack (README lists them with their passwords): two staff members, an admin,
 * two sellers, and one staff account an administrator has locked, to show what a locked account looks like.
 * Passwords are hashed in memory; they are demo passwords, printed by run.sh, and exist nowhere else.
 */
@Component
public class DemoAccounts implements UserDetailsService {

    public static final List<DemoAccount> ALL = List.of(
            new DemoAccount("staff-binh", "binh-parley", "Trần Thị Bình", List.of("STAFF"), false),
            new DemoAccount("staff-chau", "chau-parley", "Lê Minh Châu", List.of("STAFF"), false),
            new DemoAccount("admin-dung", "dung-parley", "Phạm Quốc Dũng", List.of("STAFF", "ADMIN"), false),
            new DemoAccount("seller-techzone", "techzone-parley", "TechZone Official", List.of("SELLER"), false),
            new DemoAccount("seller-giadung", "giadung-parley", "Gia Dụng Việt", List.of("SELLER"), false),
            new DemoAccount("staff-khoa", "khoa-parley", "Đỗ Văn Khoa", List.of("STAFF"), true));

    private final Map<String, DemoAccount> byUsername = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(DemoAccount::username, Function.identity()));
    private final Map<String, String> hashes;
    private final LoginAttempts attempts;

    public DemoAccounts(LoginAttempts attempts) {
        this.attempts = attempts;
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        this.hashes = ALL.stream().collect(Collectors.toUnmodifiableMap(DemoAccount::username,
                account -> encoder.encode(account.password())));
    }

    public Optional<DemoAccount> find(String username) {
        return Optional.ofNullable(byUsername.get(username));
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        DemoAccount account = byUsername.get(username);
        if (account == null) {
            throw new UsernameNotFoundException("No such account");
        }
        return User.withUsername(account.username())
                .password(hashes.get(account.username()))
                .roles(account.roles().toArray(String[]::new))
                .accountLocked(account.locked() || attempts.isLocked(account.username()))
                .build();
    }
}
