//! `ID` behaves as node-appwrite 23.1.0's `ID`: `unique()` is the hexadecimal unix time in
//! seconds, the milliseconds as 5 hexadecimal digits, then 7 random hexadecimal digits.

use std::collections::HashSet;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use appwrite_server_sdk::ID;

fn is_lower_hex(s: &str) -> bool {
    s.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f'))
}

/// The time an ID's timestamp part (all but its `padding` last digits) encodes.
fn timestamp(id: &str, padding: usize) -> Duration {
    let stamp = &id[..id.len() - padding];
    let (secs, millis) = stamp.split_at(stamp.len() - 5);
    let secs = u64::from_str_radix(secs, 16).expect("seconds are hex");
    let millis = u64::from_str_radix(millis, 16).expect("milliseconds are hex");
    assert!(millis < 1000, "milliseconds part {millis} of {id}");
    Duration::from_secs(secs) + Duration::from_millis(millis)
}

fn now() -> Duration {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap()
}

#[test]
fn unique_is_20_lowercase_hex_digits() {
    for _ in 0..100 {
        let id = ID::unique();
        assert_eq!(id.len(), 20, "{id}");
        assert!(is_lower_hex(&id), "{id}");
    }
}

#[test]
fn unique_ids_are_distinct() {
    let ids: Vec<String> = (0..10_000).map(|_| ID::unique()).collect();
    let distinct: HashSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len(), ids.len());
    let suffixes: HashSet<&str> = ids.iter().map(|id| &id[13..]).collect();
    assert_eq!(suffixes.len(), ids.len(), "random parts repeat within 10k calls");
}

#[test]
fn unique_ids_are_distinct_across_threads() {
    let handles: Vec<_> =
        (0..8).map(|_| std::thread::spawn(|| (0..2_000).map(|_| ID::unique()).collect::<Vec<_>>())).collect();
    let mut all = HashSet::new();
    for handle in handles {
        for id in handle.join().unwrap() {
            assert!(all.insert(id));
        }
    }
    assert_eq!(all.len(), 16_000);
}

#[test]
fn timestamp_part_is_now() {
    let before = now();
    let id = ID::unique();
    let after = now();
    let stamp = timestamp(&id, 7);
    let slack = Duration::from_secs(2);
    assert!(stamp + slack >= before && stamp <= after + slack, "{id} encodes {stamp:?}, now is {before:?}..{after:?}");
    assert!(before.as_millis() / 1000 * 1000 <= stamp.as_millis() && stamp.as_millis() <= after.as_millis());
}

#[test]
fn random_part_uses_every_hex_digit() {
    let digits: HashSet<char> = (0..200).flat_map(|_| ID::unique()[13..].chars().collect::<Vec<_>>()).collect();
    assert_eq!(digits.len(), 16, "{digits:?}");
}

#[test]
fn padding_sets_the_number_of_random_digits() {
    for padding in [0, 1, 7, 15, 16, 17, 32, 40] {
        let before = now();
        let id = ID::unique_with_padding(padding);
        assert_eq!(id.len(), 13 + padding, "padding {padding}: {id}");
        assert!(is_lower_hex(&id), "{id}");
        let stamp = timestamp(&id, padding);
        assert!(stamp + Duration::from_secs(2) >= before && stamp <= now() + Duration::from_secs(2));
    }
    let ids: HashSet<String> = (0..16).map(|_| ID::unique_with_padding(1)).collect();
    assert!(ids.iter().all(|id| id.len() == 14));
    let long: HashSet<String> = (0..1000).map(|_| ID::unique_with_padding(40)).collect();
    assert_eq!(long.len(), 1000);
}

#[test]
fn custom_passes_the_id_through() {
    assert_eq!(ID::custom("my-id"), "my-id");
    assert_eq!(ID::custom(String::from("user_42")), "user_42");
    assert_eq!(ID::custom(""), "");
}
