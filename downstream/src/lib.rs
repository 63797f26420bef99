//! A downstream crate of `appwrite-server-sdk`: an app's own data types, used with the SDK's
//! typed methods. The Rust examples of the README and of `docs/using.md` are this crate's doc
//! tests, so they compile against the generated crate as a dependent sees it.
#![doc = include_str!("../../README.md")]

/// `docs/using.md`'s examples, compiled as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/using.md")]
struct UsingDoctests;

use serde::{Deserialize, Serialize};

/// A row of the app's `songs` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Song {
    /// The song's title.
    pub title: String,
    /// How often it was played.
    pub plays: u32,
}

/// A partial update of a song: only the columns set are sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SongUpdate {
    /// The new title, if it changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The new play count, if it changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plays: Option<u32>,
}

/// The app's user preferences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Prefs {
    /// The UI theme.
    pub theme: String,
    /// Whether the user gets the newsletter.
    pub newsletter: bool,
}
