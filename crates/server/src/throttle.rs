//! Failed logins, counted per source address: an address that keeps guessing
//! is refused for a while, before its guesses cost a password hash or
//! count toward an account's lockout.
//!
//! Hand-written rather than a general rate limiter (governor and the like):
//! only *failures* count, so people who type their password right are never
//! slowed, and that needs "check now, count later", which token buckets do
//! not offer. The state is this process's alone: behind a load balancer each
//! server counts its own share.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How many failures an address may make within a window.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub failures: u32,
    pub window: Duration,
}

impl Default for Limits {
    /// Twenty: an office behind one address can mistype for a morning; a
    /// guesser gets twenty tries per quarter hour for all accounts together.
    fn default() -> Self {
        Self {
            failures: 20,
            window: Duration::from_secs(15 * 60),
        }
    }
}

pub struct Throttle {
    limits: Limits,
    windows: Mutex<HashMap<Source, Window>>,
}

/// Where a request comes from: the address, or for IPv6 its /64, which one
/// machine usually holds whole (it could otherwise rotate addresses).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Source(u128);

impl From<IpAddr> for Source {
    fn from(ip: IpAddr) -> Self {
        match ip {
            IpAddr::V4(v4) => Self(u128::from(u32::from(v4))),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => Self(u128::from(u32::from(v4))),
                None => Self(u128::from(v6) & !u128::from(u64::MAX) | 1 << 127),
            },
        }
    }
}

/// The source a login's budget of password checks is counted under: the
/// same grouping as the throttle's, written for the database.
pub fn source_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let prefix = u128::from(v6) & !u128::from(u64::MAX);
                format!("{}/64", std::net::Ipv6Addr::from(prefix))
            }
        },
    }
}

#[derive(Debug, Clone, Copy)]
struct Window {
    started: Instant,
    failures: u32,
}

/// Bounds the table: past this many sources, windows that ended are dropped.
const PRUNE_ABOVE: usize = 10_000;

impl Throttle {
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            windows: Mutex::new(HashMap::new()),
        }
    }

    fn windows(&self) -> std::sync::MutexGuard<'_, HashMap<Source, Window>> {
        self.windows
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// `Err(wait)` when the address has used up its failures: how long until
    /// its window ends.
    pub fn check(&self, ip: IpAddr, now: Instant) -> Result<(), Duration> {
        match self.windows().get(&Source::from(ip)) {
            Some(w) if w.failures >= self.limits.failures => {
                let ends = w.started + self.limits.window;
                if ends > now { Err(ends - now) } else { Ok(()) }
            }
            _ => Ok(()),
        }
    }

    /// Counts one failed login from the address.
    pub fn failed(&self, ip: IpAddr, now: Instant) {
        let window = self.limits.window;
        let mut windows = self.windows();
        if windows.len() > PRUNE_ABOVE {
            windows.retain(|_, w| w.started + window > now);
        }
        let entry = windows.entry(Source::from(ip)).or_insert(Window {
            started: now,
            failures: 0,
        });
        if entry.started + window <= now {
            *entry = Window {
                started: now,
                failures: 0,
            };
        }
        entry.failures += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn throttle(failures: u32) -> Throttle {
        Throttle::new(Limits {
            failures,
            window: Duration::from_secs(60),
        })
    }

    #[test]
    fn a_source_key_is_the_address_or_its_slash_64() {
        let key = |s: &str| source_key(s.parse().unwrap());
        assert_eq!(key("192.0.2.7"), "192.0.2.7");
        assert_eq!(key("::ffff:192.0.2.7"), "192.0.2.7");
        assert_eq!(key("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
        assert_eq!(key("fe80::1"), "fe80::/64");
    }

    #[test]
    fn an_address_is_refused_after_its_failures_until_the_window_ends() {
        let t = throttle(3);
        let ip: IpAddr = "192.0.2.7".parse().unwrap();
        let start = Instant::now();
        for _ in 0..3 {
            assert_eq!(t.check(ip, start), Ok(()));
            t.failed(ip, start);
        }
        let wait = t.check(ip, start + Duration::from_secs(10)).unwrap_err();
        assert_eq!(wait, Duration::from_secs(50));
        // Another address is not affected.
        assert_eq!(t.check("192.0.2.8".parse().unwrap(), start), Ok(()));
        // Once the window is over, the address starts afresh.
        let later = start + Duration::from_secs(61);
        assert_eq!(t.check(ip, later), Ok(()));
        t.failed(ip, later);
        assert_eq!(t.check(ip, later), Ok(()));
    }

    #[test]
    fn ipv6_addresses_of_one_network_count_together() {
        let t = throttle(2);
        let now = Instant::now();
        t.failed("2001:db8::1".parse().unwrap(), now);
        t.failed("2001:db8::2".parse().unwrap(), now);
        assert!(t.check("2001:db8::ffff".parse().unwrap(), now).is_err());
        assert!(t.check("2001:db8:0:1::1".parse().unwrap(), now).is_ok());
        // An IPv4 address seen through IPv6 is the IPv4 address.
        t.failed("::ffff:192.0.2.9".parse().unwrap(), now);
        t.failed("192.0.2.9".parse().unwrap(), now);
        assert!(t.check("192.0.2.9".parse().unwrap(), now).is_err());
    }
}
