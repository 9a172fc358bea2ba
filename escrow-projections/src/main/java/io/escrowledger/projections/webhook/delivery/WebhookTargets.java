package io.escrowledger.projections.webhook.delivery;

import io.escrowledger.projections.webhook.WebhookProperties;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which URLs webhooks may be sent to. Only https (http when allowed), and never to an address inside the service's
 * own network ({@link WebhookAddressPolicy}) unless allowed: a webhook URL must not become a way to make the service
 * call its neighbours. Checked when an endpoint is saved, before every attempt, and when the attempt connects: the
 * HTTP client connects only to addresses {@link #checkedAddresses} let through, so a name whose DNS answer changes
 * after the first checks (DNS rebinding) still cannot lead it inside.
 */
public final class WebhookTargets {

    /** A host refused at connection time: the HTTP client reports it like a name that does not resolve. */
    static final class RefusedTargetException extends UnknownHostException {

        RefusedTargetException(String reason) {
            super(reason);
        }
    }

    /** Names to addresses: the system's resolver, or a test's. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final WebhookProperties properties;
    private final Resolver resolver;

    public WebhookTargets(WebhookProperties properties) {
        this(properties, InetAddress::getAllByName);
    }

    WebhookTargets(WebhookProperties properties, Resolver resolver) {
        this.properties = properties;
        this.resolver = resolver;
    }

    /** @return why the URL is refused, or empty when it is acceptable */
    public Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(properties.allowHttp() && scheme.equals("http"))) {
            return Optional.of(properties.allowHttp() ? "must be an http or https URL" : "must be an https URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return Optional.of("must have a host, and no user info or fragment");
        }
        try {
            checkedAddresses(uri.getHost());
            return Optional.empty();
        } catch (RefusedTargetException refused) {
            return Optional.of("is refused: " + refused.getMessage());
        } catch (UnknownHostException e) {
            return Optional.of("has a host name that does not resolve");
        }
    }

    /**
     * The addresses the host resolves to, once every one of them passes {@link WebhookAddressPolicy} (unless private
     * targets are allowed): what the HTTP client may connect to. An IPv4 address written another way than the
     * canonical one is refused even then: which address it means depends on who reads it.
     */
    InetAddress[] checkedAddresses(String host) throws UnknownHostException {
        Optional<String> literal = WebhookAddressPolicy.hostRefusal(host);
        if (literal.isPresent()) {
            throw new RefusedTargetException(literal.get());
        }
        InetAddress[] addresses = resolver.resolve(host);
        if (properties.allowPrivateTargets()) {
            return addresses;
        }
        for (InetAddress address : addresses) {
            Optional<String> refusal = WebhookAddressPolicy.refusal(address);
            if (refusal.isPresent()) {
                throw new RefusedTargetException(host + " resolves to an internal address: " + refusal.get());
            }
        }
        return addresses;
    }
}
