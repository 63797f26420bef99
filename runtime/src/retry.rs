//! The opt-in retry policy: which failed requests are sent again, and how long to wait first.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use crate::{Error, TransportErrorKind};

/// A future that completes after a delay, returned by [`AsyncSleep::sleep`].
pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// How a [`RetryPolicy`] waits between attempts.
///
/// The default is Tokio's timer (`tokio::time::sleep`; the client already runs on Tokio, as
/// reqwest does). Supply another with [`RetryPolicy::sleep_impl`]: to use another timer, or in
/// tests, to observe the waits without spending them (the policy counts the delays it asked
/// for in its [`max_elapsed`](RetryPolicy::max_elapsed) budget, whatever the sleeper does).
pub trait AsyncSleep: fmt::Debug + Send + Sync {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> Sleep;
}

/// Which failed requests the client sends again, and when. Off unless set with
/// [`ClientBuilder::retry_policy`](crate::ClientBuilder::retry_policy): without it every call is
/// one request, as in node-appwrite.
///
/// What is retried:
/// - **429 Too Many Requests**, for every method (the server refused the request before acting
///   on it);
/// - **transport errors** (no connection, a connection closed before or while the response was
///   read, a timeout) and **500, 502, 503, 504**, only for idempotent requests: `GET` and
///   `HEAD`, and `PUT` and `DELETE` when [`retry_idempotent_writes`] is on. A `POST` or `PATCH`
///   may have taken effect, so it is never sent again after such a failure.
///
/// Other errors (4xx other than 429, undecodable responses, encoding and configuration errors)
/// are returned at once.
///
/// When: retry `n` (1 for the second attempt) waits a capped exponential backoff with *equal
/// jitter*: a random time between half and all of `min(max_backoff, initial_backoff × 2ⁿ⁻¹)`,
/// so waits grow while clients that failed together spread out. When the server says how long
/// to wait — `Retry-After` (seconds or an HTTP date), or for a 429 Appwrite's
/// `X-RateLimit-Reset` — the wait is the longer of that and the backoff: never earlier than the
/// server asked.
///
/// How long: at most [`max_attempts`] attempts in all, and no wait is started that would take
/// the call past [`max_elapsed`] (the time spent in attempts plus the waits): the last error is
/// returned instead, so a rate limit that resets in an hour fails fast with
/// [`Error::retry_after`] saying when. The client's [`timeout`](crate::ClientBuilder::timeout)
/// applies to each attempt.
///
/// Request bodies (JSON, form, raw and single-request multipart bodies) are held in memory and
/// sent again as they are. Chunked uploads are not retried by this policy: each chunk is its
/// own request, sent by the upload code.
///
/// ```
/// use std::time::Duration;
/// use appwrite_server_sdk::{Client, RetryPolicy};
///
/// let client = Client::builder()
///     .endpoint("https://cloud.appwrite.io/v1")
///     .retry_policy(RetryPolicy::standard().max_attempts(4).max_elapsed(Duration::from_secs(10)))
///     .build()?;
/// # Ok::<(), appwrite_server_sdk::Error>(())
/// ```
///
/// [`max_attempts`]: RetryPolicy::max_attempts
/// [`max_elapsed`]: RetryPolicy::max_elapsed
/// [`retry_idempotent_writes`]: RetryPolicy::retry_idempotent_writes
#[derive(Clone, Debug)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_elapsed: Duration,
    idempotent_writes: bool,
    sleep: Option<Arc<dyn AsyncSleep>>,
}

impl Default for RetryPolicy {
    /// [`RetryPolicy::standard`].
    fn default() -> Self {
        RetryPolicy::standard()
    }
}

impl RetryPolicy {
    /// The standard policy: 3 attempts, backoff from 1 s up to 20 s, at most 30 s in all,
    /// `PUT` and `DELETE` not retried after a transport error or a 5xx.
    pub fn standard() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
            max_elapsed: Duration::from_secs(30),
            idempotent_writes: false,
            sleep: None,
        }
    }

    /// No retries: one attempt per call (the client's default).
    pub fn disabled() -> Self {
        RetryPolicy::standard().max_attempts(1)
    }

    /// Attempts per call, the first included (so 1 is no retry; 0 counts as 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff before the first retry (the ceiling of its jittered wait); it doubles with
    /// every retry up to [`max_backoff`](RetryPolicy::max_backoff).
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The largest backoff. A longer delay the server asks for is still honoured, within
    /// [`max_elapsed`](RetryPolicy::max_elapsed).
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The most time a call spends, attempts and waits together, before it gives up: a wait
    /// that would end past it is not started, and the last error is returned.
    pub fn max_elapsed(mut self, elapsed: Duration) -> Self {
        self.max_elapsed = elapsed;
        self
    }

    /// Whether `PUT` and `DELETE` requests are retried after a transport error or a 5xx, like
    /// `GET` (off by default). Appwrite's `PUT` and `DELETE` endpoints set or remove a resource,
    /// so sending one twice usually has the effect of sending it once; but a retried `DELETE`
    /// whose first attempt succeeded unseen fails with 404, and a `PUT` may race another
    /// writer's change.
    pub fn retry_idempotent_writes(mut self, retry: bool) -> Self {
        self.idempotent_writes = retry;
        self
    }

    /// Wait with `sleep` instead of Tokio's timer (see [`AsyncSleep`]).
    pub fn sleep_impl(mut self, sleep: impl AsyncSleep + 'static) -> Self {
        self.sleep = Some(Arc::new(sleep));
        self
    }

    /// Whether a call may be sent more than once.
    pub(crate) fn is_enabled(&self) -> bool {
        self.max_attempts > 1
    }

    pub(crate) fn attempts(&self) -> u32 {
        self.max_attempts
    }

    pub(crate) fn budget(&self) -> Duration {
        self.max_elapsed
    }

    /// Whether `error`, met by a `method` request, is worth another attempt; if so, the delay
    /// the server asked for, if it did.
    pub(crate) fn retryable(&self, method: &reqwest::Method, error: &Error) -> Option<Option<Duration>> {
        use reqwest::Method;
        let idempotent = match *method {
            Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE => true,
            Method::PUT | Method::DELETE => self.idempotent_writes,
            _ => false,
        };
        match error {
            Error::Api { status: 429, .. } => Some(error.retry_after()),
            Error::Api { status: 500 | 502 | 503 | 504, headers, .. } if idempotent => Some(headers.retry_after()),
            Error::Transport(e) if idempotent && is_transient(e.kind()) => Some(None),
            _ => None,
        }
    }

    /// The wait before retry `retry` (1 for the second attempt): the jittered backoff, or the
    /// server's delay when that is longer.
    pub(crate) fn delay(&self, retry: u32, server: Option<Duration>) -> Duration {
        let backoff = equal_jitter(exponential(self.initial_backoff, retry).min(self.max_backoff));
        server.map_or(backoff, |server| server.max(backoff))
    }

    /// Wait `duration`.
    pub(crate) async fn sleep(&self, duration: Duration) {
        match &self.sleep {
            Some(sleep) => sleep.sleep(duration).await,
            None => tokio::time::sleep(duration).await,
        }
    }
}

/// Whether a transport failure may pass on a second try: no connection, a reset, a timeout, a
/// body cut short (not a TLS or configuration failure, nor a body that cannot be decoded).
pub(crate) fn is_transient(kind: TransportErrorKind) -> bool {
    matches!(
        kind,
        TransportErrorKind::Connect
            | TransportErrorKind::Timeout
            | TransportErrorKind::Request
            | TransportErrorKind::Body
    )
}

/// `first` doubled for each retry before retry `retry` (1 for the first retry).
pub(crate) fn exponential(first: Duration, retry: u32) -> Duration {
    first.saturating_mul(2u32.saturating_pow(retry.saturating_sub(1)))
}

/// *Equal jitter*: a random time between half of `ceiling` and all of it.
pub(crate) fn equal_jitter(ceiling: Duration) -> Duration {
    let half = ceiling / 2;
    half + (ceiling - half).mul_f64(random_unit())
}

/// A random number in `[0, 1)`, for jitter (not for anything that must be unpredictable): the
/// standard library's randomly keyed hasher, which draws new keys for every `RandomState`.
fn random_unit() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
    // The top 53 bits, as an `f64` in [0, 1).
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::RetryPolicy;

    #[test]
    fn backoff_doubles_up_to_the_cap_with_equal_jitter() {
        let policy =
            RetryPolicy::standard().initial_backoff(Duration::from_millis(100)).max_backoff(Duration::from_millis(700));
        for _ in 0..200 {
            for (retry, ceiling) in [(1, 100), (2, 200), (3, 400), (4, 700), (5, 700), (40, 700)] {
                let delay = policy.delay(retry, None);
                let ceiling = Duration::from_millis(ceiling);
                assert!(delay >= ceiling / 2 && delay <= ceiling, "retry {retry}: {delay:?}");
            }
            // The server's delay when longer, the backoff when not.
            assert_eq!(policy.delay(1, Some(Duration::from_secs(5))), Duration::from_secs(5));
            assert!(policy.delay(3, Some(Duration::from_millis(1))) >= Duration::from_millis(200));
        }
    }

    #[test]
    fn jitter_spreads_the_waits() {
        let policy = RetryPolicy::standard();
        let delays: std::collections::BTreeSet<Duration> = (0..50).map(|_| policy.delay(1, None)).collect();
        assert!(delays.len() > 40, "{delays:?}");
    }
}
