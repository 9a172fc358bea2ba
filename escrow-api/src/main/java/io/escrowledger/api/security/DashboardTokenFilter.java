package io.escrowledger.api.security;

import io.escrowledger.api.web.ApiError;
import io.escrowledger.api.web.FilterOrder;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.Arrays;

/**
 * Guards the dashboard's data (/dashboard/api, across all integrators) with the admin token or the read-only
 * analyst token (ESCROW_ANALYST_TOKEN), which opens nothing else. The dashboard page itself holds no data.
 */
@Component
@Order(FilterOrder.AUTHENTICATION)
public class DashboardTokenFilter extends BearerTokenFilter {

    public static final String PATH = "/dashboard/api";


    public DashboardTokenFilter(SecurityProperties properties, JsonMapper json, AuthenticationFailures failures) {
        super(PATH, Arrays.asList(properties.analystToken(), properties.adminToken()), ApiError.INVALID_DASHBOARD_TOKEN,
                "The dashboard needs Authorization: Bearer <ESCROW_ANALYST_TOKEN or ESCROW_ADMIN_TOKEN>", json,
                failures);
    }
}
