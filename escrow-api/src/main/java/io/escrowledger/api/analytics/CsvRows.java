package io.escrowledger.api.analytics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.stream.Collectors;

/** RFC 4180 lines, safe to open in a spreadsheet. */
final class CsvRows {

    private CsvRows() {
    }

    static String line(String... values) {
        return Arrays.stream(values).map(CsvRows::field).collect(Collectors.joining(",", "", "\r\n"));
    }

    static void write(Writer writer, String[] values) {
        try {
            writer.write(line(values));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Quoted when it holds a comma, quote or line break; a leading = + - @ is defused so no formula runs. */
    static String field(String value) {
        if (value == null) {
            return "";
        }
        String text = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 && !isNumber(value)
                ? "'" + value : value;
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }

    /** Negative numbers keep their minus sign: they are data, not formulas. */
    private static boolean isNumber(String value) {
        return value.matches("-?\\d+(\\.\\d+)?");
    }
}
