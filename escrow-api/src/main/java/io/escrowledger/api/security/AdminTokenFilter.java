package io.escrowledger.api.security;

import io.escrowledger.api.web.ApiError;
import io.escrowledger.api.web.FilterOrder;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.Collections;

/**
 * Guards /admin with the operator's bearer token (ESCROW_ADMIN_TOKEN). Without a configured token the admin API does
 * not exist: every /admin route answers 404, so an unconfigured service offers nothing to guess at.
 */
@Component
@Order(FilterOrder.AUTHENTICATION)
public class AdminTokenFilter extends BearerTokenFilter {

    public AdminTokenFilter(SecurityProperties properties, JsonMapper json, AuthenticationFailures failures) {
        super("/admin", Collections.singletonList(properties.adminToken()), ApiError.INVALID_ADMIN_TOKEN,
                "The admin API needs Authorization: Bearer <ESCROW_ADMIN_TOKEN>", json, failures);
    }
}
