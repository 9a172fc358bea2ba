package io.escrowledger.api.web;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

import java.beans.PropertyEditorSupport;
import java.util.regex.Pattern;

/**
 * Query parameters (and path variables) are read as strictly as bodies. Spring's own reading is lenient: it reads
 * {@code limit=0x10} as 16 and {@code limit=%201} as 1, and trims enum names, so {@code state=%20FUNDED} is FUNDED and
 * {@code state=%00} no filter at all. Here a number is decimal digits and an enum value its exact name; anything else
 * is {@code 400 malformed_request}. (Editors rather than converters: when a converter refuses, Spring falls back to
 * its lenient default editors.)
 */
@ControllerAdvice
public class StrictParameters {

    private static final Pattern DECIMAL_INTEGER = Pattern.compile("-?[0-9]{1,10}");

    @InitBinder
    void strictNumbersAndNames(WebDataBinder binder) {
        binder.registerCustomEditor(Integer.class, new PropertyEditorSupport() {
            @Override
            public void setAsText(String text) {
                if (!DECIMAL_INTEGER.matcher(text).matches()) {
                    throw new IllegalArgumentException("Not a whole number in decimal digits: " + text);
                }
                setValue(Integer.valueOf(text));
            }
        });
        // For every enum: the name goes on to Spring's lookup as given, which no longer has anything to trim.
        binder.registerCustomEditor(Enum.class, new PropertyEditorSupport() {
            @Override
            public void setAsText(String text) {
                if (text.isEmpty() || !text.equals(text.trim())) {
                    throw new IllegalArgumentException("Not a name: " + text);
                }
                setValue(text);
            }
        });
    }
}
