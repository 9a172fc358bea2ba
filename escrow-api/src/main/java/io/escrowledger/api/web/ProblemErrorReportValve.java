package io.escrowledger.api.web;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Tomcat refuses some requests before they reach Spring (an invalid URI, bad percent-encoding, an oversized header).
 * Its default valve answers those with an HTML page; this one answers with the same kind of problem document as the
 * rest of the API, so no client ever has to parse HTML.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        ApiError error = status == 413 ? ApiError.PAYLOAD_TOO_LARGE
                : status >= 500 ? ApiError.INTERNAL_ERROR
                : ApiError.MALFORMED_REQUEST;
        String body = "{\"type\":\"" + Problems.TYPE_BASE + error.code() + "\","
                      + "\"title\":\"" + error.title() + "\",\"status\":" + status + ","
                      + "\"detail\":\"The request could not be read: check its URI, encoding and headers\","
                      + "\"code\":\"" + error.code() + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException ignored) {
            // The client is gone or the response is committed: nothing more can be said.
        }
    }
}
