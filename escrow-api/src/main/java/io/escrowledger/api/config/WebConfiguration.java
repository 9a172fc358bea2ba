package io.escrowledger.api.config;

import io.escrowledger.api.web.ProblemErrorReportValve;
import io.escrowledger.api.web.RequestContextArgumentResolver;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

import java.time.Clock;
import java.util.List;

/** The HTTP API's JSON: snake_case, and strict, so a mistyped request is refused rather than guessed at. */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

    @Bean
    JsonMapperBuilderCustomizer strictSnakeCaseJson() {
        return builder -> builder
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                // An unknown field is most likely a typo of a known one: say so instead of ignoring it.
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // 500.5 is not an amount in minor units, "500" is not a number, 1 is not an enum value.
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                // 12 is not the string "12": an id sent as a number is a client bug worth reporting.
                .withCoercionConfig(LogicalType.Textual, text -> text
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                // {"amount": 1, "amount": 2} is ambiguous.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .addModule(new SimpleModule("exact-enum-names").setDeserializerModifier(new ValueDeserializerModifier() {
                    @Override
                    public ValueDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                                                                       BeanDescription.Supplier description,
                                                                       ValueDeserializer<?> deserializer) {
                        return new ExactEnumNames(deserializer);
                    }
                }));
    }

    /** Jackson trims enum names before looking them up (" FUNDS_HELD" reads as FUNDS_HELD): here a name is exact. */
    private static final class ExactEnumNames extends DelegatingDeserializer {

        ExactEnumNames(ValueDeserializer<?> enums) {
            super(enums);
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> enums) {
            return new ExactEnumNames(enums);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.hasToken(JsonToken.VALUE_STRING) && !parser.getString().equals(parser.getString().trim())) {
                return context.handleWeirdStringValue(handledType(), parser.getString(),
                        "not one of the names: a name has no spaces or control characters around it");
            }
            return super.deserialize(parser, context);
        }
    }

    /** Requests Tomcat refuses before Spring sees them also get a problem document, not an HTML page. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemDocumentsFromTomcat() {
        return factory -> factory.addContextCustomizers(context ->
                ((StandardHost) context.getParent()).setErrorReportValveClass(ProblemErrorReportValve.class.getName()));
    }

    /** Controllers take the request's RequestContext as an argument. */
    @Bean
    WebMvcConfigurer requestContextArguments() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new RequestContextArgumentResolver());
            }
        };
    }

    /** The service's clock; tests replace it to move time. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
