package io.escrowledger.api.config;

import io.escrowledger.api.web.FilterOrder;
import io.escrowledger.api.web.IntegratorRoutes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Counts what the service asks of PostgreSQL: {@code escrow.db.statements} (each statement or batch sent) and
 * {@code escrow.db.commits} (each transaction that sent a statement and committed, autocommitted statements included),
 * tagged {@code path=request} while an integrator's request (/v1, /subcent) is answered and {@code path=other} for
 * everything else (webhook delivery, event processors, deadlines, purges, metrics scrapes, the admin API). Round trips
 * and commits are what a request costs the database (docs/performance.md), so they are counted where they are made.
 */
@Configuration(proxyBeanMethods = false)
public class RoundTripCounting {

    private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate",
            "executeLargeUpdate", "executeBatch", "executeLargeBatch");
    private static final Set<String> SAVEPOINTS = Set.of("rollback", "releaseSavepoint");
    private static final Set<String> STATEMENT_FACTORIES = Set.of("createStatement", "prepareStatement",
            "prepareCall");

    /** Set while this thread answers an integrator's request. */
    private static final ThreadLocal<Boolean> ANSWERING_INTEGRATOR = ThreadLocal.withInitial(() -> false);

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> integratorRequestMarker() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
                new OncePerRequestFilter() {
                    @Override
                    protected boolean shouldNotFilter(HttpServletRequest request) {
                        return !IntegratorRoutes.covers(request.getServletPath());
                    }

                    @Override
                    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                                    FilterChain chain) throws ServletException, IOException {
                        ANSWERING_INTEGRATOR.set(true);
                        try {
                            chain.doFilter(request, response);
                        } finally {
                            ANSWERING_INTEGRATOR.remove();
                        }
                    }
                });
        registration.setOrder(FilterOrder.ROUND_TRIP_COUNTING);
        return registration;
    }

    @Bean
    static BeanPostProcessor countRoundTrips(ObjectProvider<MeterRegistry> meters) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof DataSource dataSource && !Proxy.isProxyClass(bean.getClass())
                        ? proxy(DataSource.class, dataSource, new DataSourceHandler(dataSource, new Counters(meters)))
                        : bean;
            }
        };
    }

    /** The four counters, registered when first used (the registry exists by then). */
    private static final class Counters {
        private final ObjectProvider<MeterRegistry> meters;
        private volatile Counter[] counters;

        Counters(ObjectProvider<MeterRegistry> meters) {
            this.meters = meters;
        }

        void statement() {
            counters()[ANSWERING_INTEGRATOR.get() ? 0 : 1].increment();
        }

        void commit() {
            counters()[ANSWERING_INTEGRATOR.get() ? 2 : 3].increment();
        }

        private Counter[] counters() {
            Counter[] made = counters;
            if (made == null) {
                MeterRegistry registry = meters.getObject();
                made = new Counter[] {counter(registry, "statements", "request"),
                        counter(registry, "statements", "other"), counter(registry, "commits", "request"),
                        counter(registry, "commits", "other")};
                counters = made;
            }
            return made;
        }

        private static Counter counter(MeterRegistry registry, String what, String path) {
            return Counter.builder("escrow.db." + what)
                          .description("Statements sent to PostgreSQL, and transactions committed that sent one")
                          .tag("path", path)
                          .register(registry);
        }
    }

    private record DataSourceHandler(DataSource target, Counters counters) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            Object result = call(target, method, args);
            return result instanceof Connection connection
                    ? proxy(Connection.class, connection, new ConnectionHandler(connection, counters)) : result;
        }
    }

    /** Knows whether the open transaction sent anything, so an empty commit (pgjdbc sends none) is not counted. */
    private static final class ConnectionHandler implements InvocationHandler {
        private final Connection target;
        private final Counters counters;
        private boolean sentSinceCommit;

        ConnectionHandler(Connection target, Counters counters) {
            this.target = target;
            this.counters = counters;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (name.equals("commit") && sentSinceCommit) {
                counters.commit();
            }
            if (name.equals("commit") || name.equals("rollback") && (args == null || args.length == 0)) {
                sentSinceCommit = false;
            }
            Object result = call(target, method, args);
            if (name.equals("setSavepoint") || SAVEPOINTS.contains(name) && args != null) {
                sent(); // SAVEPOINT, ROLLBACK TO and RELEASE are statements of their own
            }
            if (STATEMENT_FACTORIES.contains(name) && result instanceof Statement statement) {
                return proxy(method.getReturnType(), statement, (statementProxy, executed, executedArgs) -> {
                    Object outcome = call(statement, executed, executedArgs);
                    if (EXECUTIONS.contains(executed.getName())) {
                        sent();
                    }
                    return outcome;
                });
            }
            return result;
        }

        private void sent() throws SQLException {
            counters.statement();
            if (target.getAutoCommit()) {
                counters.commit();
            } else {
                sentSinceCommit = true;
            }
        }
    }

    /** A counting stand-in for {@code target}; unwrapping it gives the real object, uncounted. */
    private static <T> T proxy(Class<T> type, Object target, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(RoundTripCounting.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")
                        ? call(target, method, args) : handler.invoke(proxy, method, args)));
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
