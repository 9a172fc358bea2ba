package io.escrowledger.projections.webhook.delivery;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The address policy, one row per address: every block of the IANA special-purpose registries that is not globally
 * reachable, the IPv6 forms that embed an IPv4 address, the addresses a hostile tester got through, and public
 * addresses that must still pass.
 */
class WebhookAddressPolicyTest {

    @ParameterizedTest(name = "{0} refused: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # IPv4 special-purpose registry, not globally reachable
            0.0.0.0                 | true  | this network
            0.1.2.3                 | true  | this network
            10.1.2.3                | true  | private-use
            100.64.0.1              | true  | shared address space
            100.127.255.254         | true  | shared address space
            100.100.100.200         | true  | Alibaba Cloud metadata, shared address space
            127.0.0.1               | true  | loopback
            127.255.255.254         | true  | loopback
            169.254.169.254         | true  | link-local, cloud metadata
            172.16.0.1              | true  | private-use
            172.31.255.255          | true  | private-use
            192.0.0.1               | true  | IETF protocol assignments
            192.0.0.192             | true  | IETF protocol assignments (Oracle Cloud metadata)
            192.0.0.170             | true  | NAT64 discovery
            192.0.2.1               | true  | documentation
            192.88.99.1             | true  | 6to4 relay anycast
            192.168.1.1             | true  | private-use
            198.18.0.1              | true  | benchmarking
            198.19.255.255          | true  | benchmarking
            198.51.100.7            | true  | documentation
            203.0.113.9             | true  | documentation
            224.0.0.1               | true  | multicast
            239.255.255.250         | true  | multicast
            240.0.0.1               | true  | reserved
            255.255.255.255         | true  | limited broadcast
            # cloud host services at public addresses
            168.63.129.16           | true  | Azure WireServer
            # IPv6 special-purpose registry, not globally reachable
            ::                      | true  | unspecified
            ::1                     | true  | loopback
            100::1                  | true  | discard-only
            100:0:0:1::1            | true  | dummy prefix
            2001::1                 | true  | Teredo
            2001:2::1               | true  | benchmarking, IETF protocol assignments
            2001:10::1              | true  | ORCHID, IETF protocol assignments
            2001:db8::1             | true  | documentation
            3fff::1                 | true  | documentation
            5f00::1                 | true  | segment routing
            fc00::1                 | true  | unique local
            fd00:ec2::254           | true  | unique local (AWS metadata over IPv6)
            fe80::1                 | true  | link-local
            fec0::1                 | true  | site-local
            ff02::1                 | true  | multicast
            4000::1                 | true  | reserved by the IETF
            # IPv4 embedded in IPv6
            ::ffff:127.0.0.1        | true  | IPv4-mapped loopback
            ::ffff:a9fe:a9fe        | true  | IPv4-mapped link-local
            ::ffff:0:7f00:1         | true  | IPv4-translated loopback
            ::ffff:0:808:808        | true  | IPv4-translated, whatever it embeds
            ::127.0.0.1             | true  | IPv4-compatible loopback
            ::8.8.8.8               | true  | IPv4-compatible, deprecated whatever it embeds
            64:ff9b::a9fe:a9fe      | true  | NAT64 of link-local
            64:ff9b::7f00:1         | true  | NAT64 of loopback
            64:ff9b:1::a9fe:a9fe    | true  | local-use NAT64
            64:ff9b:1::808:808      | true  | local-use NAT64, whatever it embeds
            2002:7f00:1::1          | true  | 6to4 of loopback
            2002:a9fe:a9fe::1       | true  | 6to4 of link-local
            2002:c0a8:101::1        | true  | 6to4 of private-use
            2001:0:4136:e378:8000:63bf:3fff:fdd2 | true | Teredo
            # globally reachable: accepted
            8.8.8.8                 | false | public
            93.184.216.34           | false | public
            1.1.1.1                 | false | public
            100.63.255.255          | false | just below shared address space
            100.128.0.0             | false | just above shared address space
            172.15.255.255          | false | just below private-use
            172.32.0.0              | false | just above private-use
            192.0.1.1               | false | just above IETF protocol assignments
            192.31.196.1            | false | AS112, globally reachable
            192.52.193.1            | false | AMT, globally reachable
            192.175.48.1            | false | AS112 direct delegation, globally reachable
            198.17.255.255          | false | just below benchmarking
            198.20.0.0              | false | just above benchmarking
            168.63.129.17           | false | beside Azure WireServer
            223.255.255.254         | false | just below multicast
            2606:4700:4700::1111    | false | public IPv6
            2620:4f:8000::1         | false | AS112 direct delegation, globally reachable
            2001:4860:4860::8888    | false | public IPv6 beside 2001::/23
            ::ffff:8.8.8.8          | false | IPv4-mapped public
            64:ff9b::808:808        | false | NAT64 of public
            2002:808:808::1         | false | 6to4 of public
            """)
    void refusesExactlyTheAddressesThatAreNotGloballyReachable(String address, boolean refused, String why)
            throws UnknownHostException {
        assertThat(WebhookAddressPolicy.refusal(InetAddress.getByName(address))).as(why).matches(
                refusal -> refusal.isPresent() == refused);
    }

    @ParameterizedTest(name = "{0} refused: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0177.0.0.1              | true  | octal, loopback to some resolvers
            0x7f.0.0.1              | true  | hexadecimal part
            0x7f000001              | true  | one hexadecimal number
            2130706433              | true  | one decimal number
            127.1                   | true  | two parts
            127.0.1                 | true  | three parts
            127.0.0.01              | true  | a leading zero
            010.0.0.1               | true  | a leading zero, octal to some
            1.2.3.4.                | true  | a trailing dot
            256.0.0.1               | true  | a part beyond 255
            1.2.3.0x4               | true  | the last part hexadecimal
            example.0x10            | true  | ends in a number
            127.0.0.1               | false | canonical, judged by the address policy
            93.184.216.34           | false | canonical
            0.0.0.0                 | false | canonical, judged by the address policy
            example.com             | false | a name
            hooks.example.com.      | false | a fully qualified name
            1e100.net               | false | a name that starts with digits
            [::1]                   | false | an IPv6 literal, judged by the address policy
            ::ffff:1.2.3.4          | false | an IPv6 literal without brackets
            """)
    void refusesIpv4AddressesWrittenAnyOtherWayThanTheCanonicalOne(String host, boolean refused, String why) {
        assertThat(WebhookAddressPolicy.hostRefusal(host)).as(why).matches(refusal -> refusal.isPresent() == refused);
    }
}
