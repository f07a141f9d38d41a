//! Sending the e-mail queue: each message due is claimed, handed to the
//! relay, then marked sent; one the relay refused is tried again later,
//! each time twice as late (up to a quarter of an hour).

use chrono::Duration;

use epicevents_store::outbox::{self, Mail};

use super::{ServiceError, Services};

/// How long a claimed message is left to its sender before another may
/// take it: far longer than one SMTP exchange.
const LEASE: Duration = Duration::seconds(120);

/// The wait before the next try, after `attempts` failed ones.
fn back_off(attempts: i32) -> Duration {
    Duration::seconds(1_i64 << attempts.clamp(0, 10)).min(Duration::minutes(15))
}

impl Services {
    /// Sends every message due now through `send`, which hands one to the
    /// relay; returns how many were sent. A message is marked sent once the
    /// relay has it: a crash in between sends it again after the lease, the
    /// only way a message goes twice (with the same `Message-ID`).
    pub fn deliver_mail(
        &self,
        send: &mut dyn FnMut(&Mail) -> Result<(), String>,
    ) -> Result<usize, ServiceError> {
        let mut sent = 0;
        loop {
            let now = self.now();
            let Some(mail) = self.store.write(|c| outbox::claim(c, now, LEASE))? else {
                return Ok(sent);
            };
            match send(&mail) {
                Ok(()) => {
                    self.store.write(|c| outbox::sent(c, mail.id, self.now()))?;
                    sent += 1;
                }
                Err(error) => {
                    tracing::warn!(message = mail.id, attempts = mail.attempts + 1, %error, "e-mail not sent; will retry");
                    let retry = self.now() + back_off(mail.attempts);
                    self.store
                        .write(|c| outbox::failed(c, mail.id, retry, &error))?;
                    // The relay is down or refusing: the rest can wait too.
                    return Ok(sent);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_twice_as_long_each_time_up_to_a_quarter_hour() {
        let waits: Vec<i64> = [0, 1, 2, 5, 9, 10, 40]
            .map(|a| back_off(a).num_seconds())
            .to_vec();
        assert_eq!(waits, [1, 2, 4, 32, 512, 900, 900]);
    }
}
