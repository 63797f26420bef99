//! Optional text and list arguments of the positional methods, which take literals as they are.
//!
//! ```
//! use appwrite_server_sdk::{OptionalString, OptionalStrings, Query};
//!
//! fn text(value: impl OptionalString) -> Option<String> {
//!     value.into_option()
//! }
//! fn list(value: impl OptionalStrings) -> Option<Vec<String>> {
//!     value.into_option()
//! }
//!
//! assert_eq!(text(None), None);
//! assert_eq!(text(Some("x")), Some("x".to_owned()));
//! assert_eq!(text("x"), Some("x".to_owned()));
//! assert_eq!(list(None), None);
//! assert_eq!(list([Query::limit(5)]), Some(vec![r#"{"method":"limit","values":[5]}"#.to_owned()]));
//! assert_eq!(list(["a", "b"]), Some(vec!["a".to_owned(), "b".to_owned()]));
//! assert_eq!(list(Some(vec!["a".to_owned()])), Some(vec!["a".to_owned()]));
//! ```
//!
//! In calls, with the arguments in node-appwrite's order:
//!
//! ```no_run
//! # #![allow(deprecated)]
//! # async fn run() -> appwrite_server_sdk::Result<()> {
//! use appwrite_server_sdk::{Client, ID, Query};
//!
//! let client = Client::builder().endpoint("https://cloud.appwrite.io/v1").project("<PROJECT>").key("<KEY>").build()?;
//! let account = client.account();
//! // Optional text: `Some("…")`, the text itself, or `None`.
//! account.create_positional(ID::unique(), "ann@example.com", "password", Some("Ann")).await?;
//! account.update_password_positional("new password", "password").await?;
//! let name: Option<String> = None;
//! account.create_positional(ID::unique(), "bob@example.com", "password", name.as_deref()).await?;
//! // Optional lists: an array, `Vec` or slice of strings, queries, permissions or roles, or `None`.
//! let logs = account.list_logs_positional([Query::limit(5), Query::offset(10)], None).await?;
//! let identities = account.list_identities_positional(None, Some(false)).await?;
//! # let _ = (logs, identities);
//! # Ok(())
//! # }
//! ```
//!
//! `None` has one meaning only, so these traits accept `Option<&str>` and `Option<Vec<String>>`
//! but not `Option<String>` (pass `.as_deref()`) nor `Some([…])` (pass the array itself).

/// An optional text argument: `None`, `Some("…")`, or the text itself (a `&str` or `String`).
pub trait OptionalString: sealed::Sealed {
    /// The text, if given.
    fn into_option(self) -> Option<String>;
}

impl OptionalString for Option<&str> {
    fn into_option(self) -> Option<String> {
        self.map(str::to_owned)
    }
}

impl OptionalString for &str {
    fn into_option(self) -> Option<String> {
        Some(self.to_owned())
    }
}

impl OptionalString for String {
    fn into_option(self) -> Option<String> {
        Some(self)
    }
}

impl OptionalString for &String {
    fn into_option(self) -> Option<String> {
        Some(self.clone())
    }
}

/// An optional list of strings: `None`, `Some(Vec<String>)`, or the list itself (an array,
/// `Vec` or slice of `&str`, `String`, [`Query`](crate::Query), [`Permission`](crate::Permission)
/// or [`Role`](crate::Role)).
pub trait OptionalStrings: sealed::Sealed {
    /// The strings, if given.
    fn into_option(self) -> Option<Vec<String>>;
}

impl OptionalStrings for Option<Vec<String>> {
    fn into_option(self) -> Option<Vec<String>> {
        self
    }
}

impl<T: Into<String>, const N: usize> OptionalStrings for [T; N] {
    fn into_option(self) -> Option<Vec<String>> {
        Some(self.into_iter().map(Into::into).collect())
    }
}

impl<T: Into<String>> OptionalStrings for Vec<T> {
    fn into_option(self) -> Option<Vec<String>> {
        Some(self.into_iter().map(Into::into).collect())
    }
}

impl<T: Into<String> + Clone> OptionalStrings for &[T] {
    fn into_option(self) -> Option<Vec<String>> {
        Some(self.iter().cloned().map(Into::into).collect())
    }
}

/// Only this crate implements the argument traits (so `None` always has one meaning).
mod sealed {
    pub trait Sealed {}
    impl Sealed for Option<&str> {}
    impl Sealed for &str {}
    impl Sealed for String {}
    impl Sealed for &String {}
    impl Sealed for Option<Vec<String>> {}
    impl<T, const N: usize> Sealed for [T; N] {}
    impl<T> Sealed for Vec<T> {}
    impl<T> Sealed for &[T] {}
}
