package io.escrowledger.api.web;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.lang.reflect.Type;
import java.util.Arrays;

/**
 * A JSON body never starts with a byte order mark (RFC 8259, section 8.1). Jackson would skip a UTF-8 one and read
 * the rest, so a body that two readers see differently would pass: it is {@code 400 malformed_request} instead, for
 * every body the controllers read.
 */
@ControllerAdvice
public class JsonBodyAdvice extends RequestBodyAdviceAdapter {

    private static final byte[] UTF8_BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
                            Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage message, MethodParameter parameter, Type targetType,
                                           Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        PushbackInputStream body = new PushbackInputStream(message.getBody(), UTF8_BYTE_ORDER_MARK.length);
        byte[] start = body.readNBytes(UTF8_BYTE_ORDER_MARK.length);
        if (Arrays.equals(start, UTF8_BYTE_ORDER_MARK)) {
            throw new ApiException(ApiError.MALFORMED_REQUEST, "The body starts with a byte order mark: JSON is sent "
                    + "as UTF-8 without one (RFC 8259, section 8.1)");
        }
        body.unread(start);
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return body;
            }

            @Override
            public HttpHeaders getHeaders() {
                return message.getHeaders();
            }
        };
    }
}
