package io.escrowledger.api.openapi;

import io.swagger.v3.oas.annotations.Hidden;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Serves docs/errors.md as a web page at /docs/errors, so that the {@code type} of every problem document
 * ({@code /docs/errors#code}) resolves, on every running service, to the row that explains the code.
 */
@Hidden
@RestController
public class ErrorCodesPage {

    private final String html;

    public ErrorCodesPage() throws IOException {
        String markdown = new ClassPathResource("docs/errors.md").getContentAsString(StandardCharsets.UTF_8);
        List<Extension> extensions = List.of(TablesExtension.create());
        String body = HtmlRenderer.builder().extensions(extensions).build()
                                  .render(Parser.builder().extensions(extensions).build().parse(markdown));
        html = """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Errors: Escrow ledger API</title>
                <style>body{font-family:sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem}
                table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top}
                :target{background:#ffd}</style></head><body>
                """ + body + "</body></html>\n";
    }

    @GetMapping(path = "/docs/errors", produces = MediaType.TEXT_HTML_VALUE)
    String page() {
        return html;
    }
}
