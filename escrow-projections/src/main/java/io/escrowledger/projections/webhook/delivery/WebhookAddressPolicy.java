package io.escrowledger.projections.webhook.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which addresses a webhook may be sent to: globally reachable unicast ones only, so that a webhook URL never makes
 * the service call into its own network. Refused, from one table:
 * <ul>
 * <li>every block of the IANA IPv4 and IPv6 special-purpose address registries that is not globally reachable (all of
 * 192.0.0.0/24 and of 2001::/23, the few anycast and identifier ranges inside them included: no receiver lives
 * there), multicast, and IPv6 outside global unicast (2000::/3), which the IETF keeps reserved;</li>
 * <li>the host services clouds keep at public addresses (Azure's 168.63.129.16);</li>
 * <li>an IPv6 address embedding an IPv4 one that is refused: IPv4-mapped (::ffff:0:0/96), NAT64 (64:ff9b::/96) and
 * 6to4 (2002::/16) are judged by the address they embed; IPv4-compatible (::/96), IPv4-translated (::ffff:0:0:0/96),
 * local-use NAT64 (64:ff9b:1::/48) and Teredo (2001::/32) are refused whatever they embed.</li>
 * </ul>
 * A host written as an IPv4 address must also be written the one canonical way, four decimal parts from 0 to 255
 * without leading zeros: {@code 0177.0.0.1} is 177.0.0.1 to Java but 127.0.0.1 (octal) to other resolvers and
 * proxies, and {@code 127.1}, {@code 0x7f.1} or {@code 2130706433} are loopback to many.
 */
public final class WebhookAddressPolicy {

    /** A block of addresses, IPv4 or IPv6, and what it is. */
    private record Block(byte[] network, int bits, String name) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** IPv6 blocks whose addresses carry an IPv4 address at {@code offset}: judged by that address. */
    private record Embedding(Block block, int offset) {
    }

    private static final List<Embedding> EMBEDDINGS = List.of(
            new Embedding(block("::ffff:0:0/96", "IPv4-mapped"), 12),
            new Embedding(block("64:ff9b::/96", "NAT64"), 12),
            new Embedding(block("2002::/16", "6to4"), 2));

    /** In order: the first block that holds an address names why it is refused. */
    private static final List<Block> REFUSED = List.of(
            block("0.0.0.0/8", "\"this network\" 0.0.0.0/8"),
            block("10.0.0.0/8", "private-use 10.0.0.0/8"),
            block("100.64.0.0/10", "shared address space (carrier-grade NAT) 100.64.0.0/10"),
            block("127.0.0.0/8", "loopback 127.0.0.0/8"),
            block("169.254.0.0/16", "link-local 169.254.0.0/16 (cloud metadata services)"),
            block("172.16.0.0/12", "private-use 172.16.0.0/12"),
            block("192.0.0.0/24", "IETF protocol assignments 192.0.0.0/24"),
            block("192.0.2.0/24", "documentation 192.0.2.0/24"),
            block("192.88.99.0/24", "6to4 relay anycast 192.88.99.0/24 (deprecated)"),
            block("192.168.0.0/16", "private-use 192.168.0.0/16"),
            block("198.18.0.0/15", "benchmarking 198.18.0.0/15"),
            block("198.51.100.0/24", "documentation 198.51.100.0/24"),
            block("203.0.113.0/24", "documentation 203.0.113.0/24"),
            block("224.0.0.0/4", "multicast 224.0.0.0/4"),
            block("255.255.255.255/32", "limited broadcast 255.255.255.255"),
            block("240.0.0.0/4", "reserved 240.0.0.0/4"),
            block("168.63.129.16/32", "Azure host services 168.63.129.16"),
            block("::/128", "unspecified ::"),
            block("::1/128", "loopback ::1"),
            block("::/96", "IPv4-compatible ::/96 (deprecated)"),
            block("::ffff:0:0:0/96", "IPv4-translated ::ffff:0:0:0/96"),
            block("64:ff9b:1::/48", "local-use IPv4/IPv6 translation 64:ff9b:1::/48"),
            block("100::/64", "discard-only 100::/64"),
            block("100:0:0:1::/64", "dummy prefix 100:0:0:1::/64"),
            block("2001::/32", "Teredo 2001::/32"),
            block("2001::/23", "IETF protocol assignments 2001::/23"),
            block("2001:db8::/32", "documentation 2001:db8::/32"),
            block("3fff::/20", "documentation 3fff::/20"),
            block("5f00::/16", "segment routing 5f00::/16"),
            block("fc00::/7", "unique local fc00::/7"),
            block("fe80::/10", "link-local fe80::/10"),
            block("fec0::/10", "site-local fec0::/10 (deprecated)"),
            block("ff00::/8", "multicast ff00::/8"),
            block("::/3", "reserved by the IETF, outside global unicast 2000::/3"),
            block("4000::/2", "reserved by the IETF, outside global unicast 2000::/3"),
            block("8000::/1", "reserved by the IETF, outside global unicast 2000::/3"));

    private static final Pattern CANONICAL_IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    /** The last label of a host that some parser reads as a number (WHATWG URL's "ends in a number"). */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");

    private WebhookAddressPolicy() {
    }

    /** @return why a webhook may not be sent to this address, or empty when it may */
    public static Optional<String> refusal(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Embedding embedding : EMBEDDINGS) {
            if (embedding.block().contains(bytes)) {
                byte[] ipv4 = Arrays.copyOfRange(bytes, embedding.offset(), embedding.offset() + 4);
                return firstHolding(ipv4).map(block -> address.getHostAddress() + " embeds " + text(ipv4) + " ("
                                                       + embedding.block() + "), " + block);
            }
        }
        return firstHolding(bytes).map(block -> address.getHostAddress() + " is " + block);
    }

    /**
     * @return why a URL's host, as written, is refused before it is resolved (an IPv4 address written another way
     * than the canonical one), or empty
     */
    public static Optional<String> hostRefusal(String host) {
        if (host.contains(":")) {
            return Optional.empty(); // an IPv6 literal: one way to read it
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String lastLabel = name.substring(name.lastIndexOf('.') + 1);
        if (!NUMERIC_LABEL.matcher(lastLabel).matches() || CANONICAL_IPV4.matcher(host).matches()) {
            return Optional.empty();
        }
        return Optional.of(host + " is an IPv4 address not written as four decimal numbers from 0 to 255 without "
                           + "leading zeros, which resolvers and proxies read differently");
    }

    private static Optional<Block> firstHolding(byte[] address) {
        return REFUSED.stream().filter(block -> block.contains(address)).findFirst();
    }

    private static String text(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** A block from its CIDR text; an IPv4-mapped network stays 16 bytes (Java would make it an IPv4 address). */
    private static Block block(String cidr, String name) {
        String[] parts = cidr.split("/");
        try {
            byte[] network = InetAddress.getByName(parts[0]).getAddress();
            if (parts[0].contains(":") && network.length == 4) {
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(network, 0, mapped, 12, 4);
                network = mapped;
            }
            return new Block(network, Integer.parseInt(parts[1]), name);
        } catch (UnknownHostException notALiteral) {
            throw new IllegalArgumentException(cidr, notALiteral);
        }
    }
}
