package com.parley.identity.storefront;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import io.micrometer.core.instrument.MeterRegistry;

import com.parley.identity.system.IdentityProperties;

/**
 * A stand-in for a storefront's own login, for the local stack only: the demo shop page asks it for the token
 * of the customer signed in to the shop, exactly as a real storefront's backend would issue one (see
 * docs/STOREFRONT-TOKENS.md). It signs with this provider's key, which the gateway and the services already
 * trust through the one JWKS. It only ever issues customer roles ({@code CUSTOMER}, {@code BUYER}): a shop
 * login must never make someone staff, an admin or a seller.
 */
@RestController
class StorefrontTokenController {

    private static final Logger log = LoggerFactory.getLogger(StorefrontTokenController.class);
    private static final List<String> CUSTOMER_ROLES = List.of("CUSTOMER", "BUYER");

    private final NimbusJwtEncoder encoder;
    private final IdentityProperties properties;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();

    StorefrontTokenController(JWKSource<SecurityContext> keys, IdentityProperties properties, MeterRegistry meters) {
        this.encoder = new NimbusJwtEncoder(keys);
        this.properties = properties;
        this.meters = meters;
    }

    /** The shop's signed-in customer: its stable id in the shop, the name agents see, and its customer roles. */
    record CustomerTokenRequest(
            @NotBlank @Pattern(regexp = "[\\p{Alnum}._:@-]{1,128}",
                    message = "may contain letters, digits and . _ : @ - only (1-128)") String customerId,
            @Size(max = 200) String name,
            @NotEmpty @Size(max = 2) List<@Pattern(regexp = "CUSTOMER|BUYER",
                    message = "a storefront token carries CUSTOMER and/or BUYER only") String> roles) {
    }

    record CustomerToken(String token, String tokenType, Instant expiresAt) {
    }

    @PostMapping(path = "/storefront/customer-tokens", produces = MediaType.APPLICATION_JSON_VALUE)
    CustomerToken issue(@Valid @RequestBody CustomerTokenRequest request) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(properties.storefront().tokenTtl());
        String name = request.name() == null || request.name().isBlank() ? request.customerId() : request.name().strip();
        List<String> roles = CUSTOMER_ROLES.stream().filter(request.roles()::contains).toList();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(properties.tokenIssuer())
                .audience(List.of(properties.audience()))
                .subject(request.customerId())
                .claim("name", name)
                .claim("roles", roles)
                .issuedAt(now)
                .notBefore(now)
                .expiresAt(expiresAt)
                .id(UUID.randomUUID().toString())
                .build();
        String token = encoder.encode(JwtEncoderParameters.from(
                JwsHeader.with(SignatureAlgorithm.RS256).type("JWT").build(), claims)).getTokenValue();
        meters.counter("parley.identity.storefront.tokens.issued").increment();
        log.info("Storefront token issued for customer {} with roles {}", request.customerId(), roles);
        return new CustomerToken(token, "Bearer", expiresAt);
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> invalid(MethodArgumentNotValidException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request has invalid fields");
        problem.setTitle("Bad Request");
        problem.setProperty("code", "validation_failed");
        problem.setProperty("errors", e.getBindingResult().getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage()))).toList());
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
