package com.parley.gateway.devtoken;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /api/dev/tokens}: who the token is for. Roles are checked against {@code Role} by the minter. */
record DevTokenRequest(
        @NotBlank @Size(max = 128) @Pattern(regexp = "[\\p{Alnum}._:@-]+",
                message = "may contain letters, digits and . _ : @ - only") String userId,
        @Size(max = 200) String name,
        @NotEmpty @Size(max = 5) List<@NotBlank String> roles) {
}
