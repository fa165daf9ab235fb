package com.parley.identity.account;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;

import com.parley.identity.system.IdentityProperties;

/**
 * Locks an account for a while after too many wrong passwords in a row, so a password cannot be guessed by
 * trying. Kept in memory: the local provider is one process, and a restart forgetting a lock is harmless here.
 */
@Component
public class LoginAttempts {

    private static final Logger log = LoggerFactory.getLogger(LoginAttempts.class);

    private record Failures(int count, Instant lockedUntil) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final IdentityProperties.Lockout lockout;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();

    public LoginAttempts(IdentityProperties properties, MeterRegistry meters) {
        this.lockout = properties.lockout();
        this.meters = meters;
    }

    public boolean isLocked(String username) {
        Failures f = failures.get(username);
        return f != null && f.lockedUntil() != null && clock.instant().isBefore(f.lockedUntil());
    }

    @EventListener
    void onFailure(AuthenticationFailureBadCredentialsEvent event) {
        String username = event.getAuthentication().getName();
        meters.counter("parley.identity.signin", "outcome", "bad_credentials").increment();
        Failures updated = failures.compute(username, (name, previous) -> {
            int count = previous == null || (previous.lockedUntil() != null) ? 1 : previous.count() + 1;
            Instant until = count >= lockout.maxFailures() ? clock.instant().plus(lockout.duration()) : null;
            return new Failures(count, until);
        });
        if (updated.lockedUntil() != null) {
            log.warn("Account {} locked until {} after {} wrong passwords", username, updated.lockedUntil(),
                    updated.count());
        } else {
            log.info("Wrong password for {} ({} in a row)", username, updated.count());
        }
    }

    @EventListener
    void onSuccess(AuthenticationSuccessEvent event) {
        if (event.getAuthentication().getPrincipal() instanceof org.springframework.security.core.userdetails.UserDetails) {
            failures.remove(event.getAuthentication().getName());
            meters.counter("parley.identity.signin", "outcome", "success").increment();
            log.info("{} signed in", event.getAuthentication().getName());
        }
    }
}
