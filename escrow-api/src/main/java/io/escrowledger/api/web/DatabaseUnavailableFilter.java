package io.escrowledger.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;

/**
 * The filters that read the database (the signature check looks up the key and spends the nonce; idempotency claims
 * its key) fail outside Spring MVC, whose exception handlers never see their failures. While PostgreSQL is out of
 * reach those requests get the same 503 service_unavailable problem document as a controller's, instead of the
 * container's 500 page.
 */
@Component
@Order(FilterOrder.DATABASE_UNAVAILABLE)
public class DatabaseUnavailableFilter extends RefusingFilter {

    public DatabaseUnavailableFilter(JsonMapper json) {
        super(json);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (RuntimeException | ServletException failure) {
            if (!DatabaseFailures.unavailable(failure) || response.isCommitted()) {
                throw failure;
            }
            DatabaseFailures.warn(failure, request);
            response.resetBuffer();
            refuse(response, ApiError.SERVICE_UNAVAILABLE, DatabaseFailures.DETAIL, request);
        }
    }
}
