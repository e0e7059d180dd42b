//! Which network addresses a webhook may be delivered to.
//!
//! A merchant chooses its receiver's URL, so a delivery must never reach inside the
//! platform's own network: loopback, private and link-local ranges (the cloud metadata
//! service at 169.254.169.254), carrier-grade NAT, and the other special-purpose ranges of
//! the IANA registries (RFC 6890). Only globally routable unicast addresses are allowed.
//! IPv6 forms that carry an IPv4 address (mapped `::ffff:a.b.c.d`, compatible `::a.b.c.d`,
//! NAT64 `64:ff9b::a.b.c.d`) are judged by the IPv4 address they carry.
//!
//! Pure: no resolution here. The dispatcher resolves a receiver's host, keeps only the
//! addresses this module allows, and connects to those (see [`crate::webhooks`]).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Whether a webhook may be delivered to `address`.
pub fn allowed(address: IpAddr) -> bool {
    match address {
        IpAddr::V4(v4) => allowed_v4(v4),
        IpAddr::V6(v6) => allowed_v6(v6),
    }
}

/// The IPv4 ranges no delivery may reach, as (network, prefix length).
const FORBIDDEN_V4: [([u8; 4], u32); 16] = [
    ([0, 0, 0, 0], 8),       // "this network", including the unspecified address
    ([10, 0, 0, 0], 8),      // private
    ([100, 64, 0, 0], 10),   // carrier-grade NAT (shared address space)
    ([127, 0, 0, 0], 8),     // loopback
    ([169, 254, 0, 0], 16),  // link-local, where cloud metadata services answer
    ([172, 16, 0, 0], 12),   // private
    ([192, 0, 0, 0], 24),    // IETF protocol assignments
    ([192, 0, 2, 0], 24),    // documentation (TEST-NET-1)
    ([192, 88, 99, 0], 24),  // 6to4 relay anycast
    ([192, 168, 0, 0], 16),  // private
    ([198, 18, 0, 0], 15),   // benchmarking
    ([198, 51, 100, 0], 24), // documentation (TEST-NET-2)
    ([203, 0, 113, 0], 24),  // documentation (TEST-NET-3)
    ([224, 0, 0, 0], 4),     // multicast
    ([240, 0, 0, 0], 4),     // reserved, including the broadcast address
    ([255, 255, 255, 255], 32),
];

fn allowed_v4(address: Ipv4Addr) -> bool {
    let bits = u32::from(address);
    !FORBIDDEN_V4.iter().any(|(network, length)| {
        let mask = u32::MAX << (32 - length);
        bits & mask == u32::from_be_bytes(*network) & mask
    })
}

fn allowed_v6(address: Ipv6Addr) -> bool {
    let bits = u128::from(address);
    let within = |network: u128, length: u32| bits >> (128 - length) == network >> (128 - length);
    if address.is_unspecified() || address.is_loopback() {
        return false;
    }
    // Forms that carry an IPv4 address: judged by it.
    let embedded = Ipv4Addr::from((bits & 0xffff_ffff) as u32);
    if within(0xffff_0000_0000, 96) // IPv4-mapped
        || within(0, 96) // IPv4-compatible (deprecated)
        || within(0x0064_ff9b << 96, 96)
    // NAT64, well-known prefix
    {
        return allowed_v4(embedded);
    }
    const FORBIDDEN: [(u128, u32); 9] = [
        (0x0064_ff9b_0001 << 80, 48), // NAT64, local use
        (0x0100 << 112, 64),          // discard-only
        (0x2001 << 112, 23),          // IETF protocol assignments (Teredo, benchmarking…)
        (0x2001_0db8 << 96, 32),      // documentation
        (0x2002 << 112, 16),          // 6to4: an IPv4 address in disguise
        (0x3fff << 112, 20),          // documentation
        (0xfc00 << 112, 7),           // unique local
        (0xfe80 << 112, 10),          // link-local
        (0xfec0 << 112, 10),          // site-local (deprecated)
    ];
    // Global unicast is 2000::/3; everything outside it (multicast ff00::/8 included) is
    // special-purpose or unassigned.
    within(0x2000 << 112, 3)
        && !FORBIDDEN
            .iter()
            .any(|(network, length)| within(*network, *length))
}

#[cfg(test)]
mod tests {
    use super::allowed;
    use std::net::IpAddr;

    fn check(addresses: &[&str], expected: bool) {
        for raw in addresses {
            let address: IpAddr = raw.parse().expect("an address");
            assert_eq!(allowed(address), expected, "{raw}");
        }
    }

    #[test]
    fn public_addresses_are_allowed() {
        check(
            &[
                "8.8.8.8",
                "1.1.1.1",
                "93.184.216.34",
                "100.63.255.255",
                "100.128.0.0",
                "172.15.255.255",
                "172.32.0.0",
                "169.253.255.255",
                "192.167.255.255",
                "198.17.255.255",
                "198.20.0.0",
                "223.255.255.255",
                "2606:4700:4700::1111",
                "2a00:1450:4001:81c::200e",
                "::ffff:8.8.8.8",
                "64:ff9b::808:808",
            ],
            true,
        );
    }

    #[test]
    fn loopback_is_refused() {
        check(&["127.0.0.1", "127.255.255.254", "::1"], false);
    }

    #[test]
    fn unspecified_and_this_network_are_refused() {
        check(&["0.0.0.0", "0.1.2.3", "::"], false);
    }

    #[test]
    fn private_ranges_are_refused() {
        check(
            &[
                "10.0.0.1",
                "10.255.255.255",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.0.1",
                "192.168.255.255",
            ],
            false,
        );
    }

    #[test]
    fn link_local_and_the_metadata_service_are_refused() {
        check(
            &["169.254.169.254", "169.254.0.1", "fe80::1", "febf::1"],
            false,
        );
    }

    #[test]
    fn unique_local_and_site_local_are_refused() {
        check(&["fc00::1", "fd12:3456:789a::1", "fec0::1"], false);
    }

    #[test]
    fn carrier_grade_nat_is_refused() {
        check(&["100.64.0.1", "100.127.255.255"], false);
    }

    #[test]
    fn multicast_and_broadcast_are_refused() {
        check(
            &[
                "224.0.0.1",
                "239.255.255.250",
                "255.255.255.255",
                "ff02::1",
                "ff0e::1",
            ],
            false,
        );
    }

    #[test]
    fn reserved_documentation_and_benchmarking_ranges_are_refused() {
        check(
            &[
                "240.0.0.1",
                "192.0.0.8",
                "192.0.2.1",
                "198.51.100.1",
                "203.0.113.1",
                "198.18.0.1",
                "198.19.255.255",
                "192.88.99.1",
                "2001:db8::1",
                "3fff::1",
                "2001:2::1",
                "2001::1",
                "100::1",
            ],
            false,
        );
    }

    #[test]
    fn ipv6_forms_of_forbidden_ipv4_addresses_are_refused() {
        check(
            &[
                "::ffff:127.0.0.1",
                "::ffff:169.254.169.254",
                "::ffff:10.0.0.1",
                "::127.0.0.1",
                "::10.0.0.1",
                "64:ff9b::7f00:1",
                "64:ff9b:1::a00:1",
                "2002:7f00:1::1",
                "2002:808:808::1",
            ],
            false,
        );
    }

    #[test]
    fn addresses_outside_global_unicast_are_refused() {
        check(&["4000::1", "8000::1", "1000::1"], false);
    }

    /// The URL parser turns the numeric spellings of an IPv4 address into the address
    /// itself, so a check of the parsed host sees through them.
    #[test]
    fn numeric_spellings_of_loopback_parse_to_loopback() {
        for raw in [
            "http://2130706433/",
            "http://0x7f000001/",
            "http://017700000001/",
            "http://0x7f.1/",
            "http://127.1/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:7f00:1]/",
        ] {
            let url = reqwest::Url::parse(raw).expect("a URL");
            let address = match url.host() {
                Some(url::Host::Ipv4(v4)) => IpAddr::V4(v4),
                Some(url::Host::Ipv6(v6)) => IpAddr::V6(v6),
                other => panic!("{raw}: {other:?}"),
            };
            assert!(!allowed(address), "{raw}");
        }
    }
}
