package io.escrowledger.projections.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Which URLs webhooks may be sent to. Only https (http when allowed), and never to an address inside the service's
 * own network (loopback, private, link-local, cloud metadata) unless allowed: a webhook URL must not become a way to
 * make the service call its neighbours. Checked when an endpoint is saved and again before every attempt, since a
 * name can resolve differently later.
 */
public final class WebhookTargets {

    private final WebhookProperties properties;

    public WebhookTargets(WebhookProperties properties) {
        this.properties = properties;
    }

    /** @return why the URL is refused, or empty when it is acceptable */
    public Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !(properties.allowHttp() && scheme.equals("http"))) {
            return Optional.of(properties.allowHttp() ? "must be an http or https URL" : "must be an https URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return Optional.of("must have a host, and no user info or fragment");
        }
        if (properties.allowPrivateTargets()) {
            return Optional.empty();
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                if (isInternal(address)) {
                    return Optional.of("resolves to an internal address (" + address.getHostAddress() + ")");
                }
            }
        } catch (UnknownHostException e) {
            return Optional.of("has a host name that does not resolve");
        }
        return Optional.empty();
    }

    static boolean isInternal(InetAddress address) {
        byte[] bytes = address.getAddress();
        boolean thisNetwork = bytes.length == 4 && bytes[0] == 0;
        boolean carrierGradeNat = bytes.length == 4 && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
        boolean uniqueLocalV6 = bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
            || address.isSiteLocalAddress() || address.isMulticastAddress() || thisNetwork || carrierGradeNat
            || uniqueLocalV6) {
            return true;
        }
        byte[] embedded = embeddedIpv4(bytes);
        try {
            return embedded != null && isInternal(InetAddress.getByAddress(embedded));
        } catch (UnknownHostException impossible) {
            return true;
        }
    }

    /** The IPv4 address inside an IPv4-compatible (::a.b.c.d), 6to4 (2002::/16) or NAT64 (64:ff9b::/96) one. */
    private static byte[] embeddedIpv4(byte[] bytes) {
        if (bytes.length != 16) {
            return null;
        }
        boolean compatible = allZero(bytes, 0, 12) && !allZero(bytes, 12, 16);
        boolean nat64 = bytes[0] == 0 && bytes[1] == 0x64 && (bytes[2] & 0xff) == 0xff && (bytes[3] & 0xff) == 0x9b
                        && allZero(bytes, 4, 12);
        if (compatible || nat64) {
            return java.util.Arrays.copyOfRange(bytes, 12, 16);
        }
        if (bytes[0] == 0x20 && bytes[1] == 0x02) {
            return java.util.Arrays.copyOfRange(bytes, 2, 6);
        }
        return null;
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
